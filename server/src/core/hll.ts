// A small HyperLogLog: 128 registers (±9% typical error, ~1.04/√m) for the
// distinct sessions an error group affected. A register is one stored row whose
// rank only grows (MAX), so updates are idempotent and merge in plain SQL.
// https://algo.inria.fr/flajolet/Publications/FlFuGaMe07.pdf
import { hash53 } from '../../../shared/hash';

export const HLL_REGISTERS = 128;
const INDEX_BITS = 7; // log2(HLL_REGISTERS)
const REST_BITS = 53 - INDEX_BITS;

/** The register a value falls in and its rank (1 + leading zeros of the rest of its hash). */
export function hllPoint(value: string): { reg: number; rho: number } {
  const h = hash53(value);
  const reg = h % HLL_REGISTERS;
  const rest = Math.floor(h / HLL_REGISTERS); // REST_BITS bits
  const high = Math.floor(rest / 2 ** 32);
  const msb = high > 0 ? 63 - Math.clz32(high) : 31 - Math.clz32(rest >>> 0); // -1 when rest is 0
  const rho = REST_BITS - msb;
  return { reg, rho };
}

/**
 * The estimate from the registers that are set (`registers` of them) and the
 * sum of 2^-rank over them; unset registers count as rank 0. Linear counting
 * for small sets, where it is nearly exact.
 */
export function hllEstimate(registers: number, sum: number, m = HLL_REGISTERS): number {
  if (registers === 0) return 0;
  const zeros = m - registers;
  const alpha = 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / (sum + zeros);
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}
