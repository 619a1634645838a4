import { describe, expect, it } from 'vitest';
import { HLL_REGISTERS, hllEstimate, hllPoint } from './hll';

/** Registers as a store keeps them: the highest rank per register. */
function registersOf(values: string[]) {
  const ranks = new Map<number, number>();
  for (const v of values) {
    const { reg, rho } = hllPoint(v);
    ranks.set(reg, Math.max(ranks.get(reg) ?? 0, rho));
  }
  return { registers: ranks.size, sum: [...ranks.values()].reduce((s, r) => s + 2 ** -r, 0) };
}

describe('HyperLogLog', () => {
  it('places a value in one register with a rank ≥ 1, the same every time', () => {
    const p = hllPoint('session-1');
    expect(p).toEqual(hllPoint('session-1'));
    expect(p.reg).toBeGreaterThanOrEqual(0);
    expect(p.reg).toBeLessThan(HLL_REGISTERS);
    expect(p.rho).toBeGreaterThanOrEqual(1);
  });

  it('counts small sets almost exactly and large ones within a few standard errors', () => {
    expect(hllEstimate(0, 0)).toBe(0);
    for (const n of [1, 2, 5, 10]) {
      const { registers, sum } = registersOf(Array.from({ length: n }, (_, i) => `s-${i}`));
      expect(Math.abs(hllEstimate(registers, sum) - n)).toBeLessThanOrEqual(n <= 5 ? 0 : 1);
    }
    for (const n of [1_000, 50_000]) {
      const { registers, sum } = registersOf(Array.from({ length: n }, (_, i) => `session-${i}-${n}`));
      expect(Math.abs(hllEstimate(registers, sum) - n) / n).toBeLessThan(
        3 * (1.04 / Math.sqrt(HLL_REGISTERS)),
      );
    }
  });
});
