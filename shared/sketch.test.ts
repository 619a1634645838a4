import { describe, expect, it } from 'vitest';
import { createSketch, mergeSketch, quantiles, sketchCount } from './sketch';

// A seeded generator keeps failures reproducible.
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function exact(sorted: number[], q: number) {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

const QS = [0.5, 0.75, 0.9, 0.95, 0.99];

describe('sketch', () => {
  it('estimates quantiles of 100k samples within 1% relative error', () => {
    const next = random(42);
    // Log-normal-ish latencies from ~10 ms to ~60 s, the shape of LCP/INP data.
    const values = Array.from({ length: 100_000 }, () => Math.exp(2 + next() * 9) * (0.5 + next()));
    const sorted = [...values].sort((a, b) => a - b);
    const estimates = quantiles(createSketch(values), QS);
    QS.forEach((q, i) => {
      const truth = exact(sorted, q);
      expect(Math.abs(estimates[i]! - truth) / truth).toBeLessThanOrEqual(0.01);
    });
  });

  it('handles zeros and small CLS-like values', () => {
    const values = [0, 0, 0, 0.01, 0.05, 0.12, 0.3];
    const [p50, max] = quantiles(createSketch(values), [0.5, 1]);
    expect(Math.abs(p50! - 0.01) / 0.01).toBeLessThanOrEqual(0.01);
    expect(Math.abs(max! - 0.3) / 0.3).toBeLessThanOrEqual(0.01);
    expect(quantiles(createSketch([0, 0]), [0.75])).toEqual([0]);
  });

  it('merging two minutes equals the sketch of all their values', () => {
    const next = random(7);
    const a = Array.from({ length: 5_000 }, () => next() * 4000);
    const b = Array.from({ length: 3_000 }, () => 1000 + next() * 9000);
    const merged = mergeSketch(createSketch(a), createSketch(b));
    const whole = createSketch([...a, ...b]);
    expect(merged).toEqual(whole);
    expect(sketchCount(merged)).toBe(8_000);
    expect(quantiles(merged, QS)).toEqual(quantiles(whole, QS));
  });

  it('gives the higher of two samples as a high percentile, the lower as the median (issue #19)', () => {
    const [p50, p95, p99] = quantiles(createSketch([260, 212]), [0.5, 0.95, 0.99]);
    expect(Math.abs(p50! - 212) / 212).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p95! - 260) / 260).toBeLessThanOrEqual(0.01);
    expect(p99).toBe(p95);
    // Nearest rank: the p75 of four samples is the third.
    const [p75] = quantiles(createSketch([10, 20, 30, 40]), [0.75]);
    expect(Math.abs(p75! - 30) / 30).toBeLessThanOrEqual(0.01);
  });

  it('answers null for an empty sketch', () => {
    expect(quantiles(createSketch(), [0.75])).toEqual([null]);
  });
});
