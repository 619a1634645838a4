// A mergeable log-bucket sketch (DDSketch-style, relative accuracy 1%).
// Any quantile estimate is within 1% of the true value of the same rank, and
// two sketches merge by adding their bin counts, so per-minute sketches can be
// combined into any time range without the raw values.
// https://www.vldb.org/pvldb/vol12/p2195-masson.pdf

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY); // 101/99
const LN_GAMMA = Math.log(GAMMA);
/** Values at or below this count as zero (CLS is often exactly 0). */
const MIN_VALUE = 1e-9;
/** The bin that holds zero and near-zero values; far below any real bin. */
export const ZERO_BIN = -100_000;

/** Bin index → count. */
export type Sketch = Map<number, number>;

export function binOf(value: number): number {
  return value > MIN_VALUE ? Math.ceil(Math.log(value) / LN_GAMMA) : ZERO_BIN;
}

/** The representative value of a bin: within 1% of every value it holds. */
export function binValue(bin: number): number {
  return bin === ZERO_BIN ? 0 : (2 * GAMMA ** bin) / (GAMMA + 1);
}

export function createSketch(values: Iterable<number> = []): Sketch {
  const sketch: Sketch = new Map();
  for (const v of values) addToSketch(sketch, v);
  return sketch;
}

export function addToSketch(sketch: Sketch, value: number, count = 1): void {
  const bin = binOf(value);
  sketch.set(bin, (sketch.get(bin) ?? 0) + count);
}

/** Adds `from` into `into` and returns `into`. */
export function mergeSketch(into: Sketch, from: Sketch): Sketch {
  for (const [bin, count] of from) into.set(bin, (into.get(bin) ?? 0) + count);
  return into;
}

export function sketchCount(sketch: Sketch): number {
  let n = 0;
  for (const c of sketch.values()) n += c;
  return n;
}

/**
 * Estimates for several quantiles (each in [0, 1]) in one pass; null when empty. Nearest rank:
 * the value with at least q of the samples at or below it, so the p99 of 212 and 260 is 260
 * (rank q·(n−1) rounded down gave the lower one for every q of two samples; issue #19).
 */
export function quantiles(sketch: Sketch, qs: readonly number[]): (number | null)[] {
  const total = sketch.size ? sketchCount(sketch) : 0;
  if (total === 0) return qs.map(() => null);
  const bins = [...sketch.keys()].sort((a, b) => a - b);
  return qs.map((q) => {
    const rank = Math.max(1, Math.ceil(Math.min(Math.max(q, 0), 1) * total - 1e-9));
    let seen = 0;
    for (const bin of bins) {
      seen += sketch.get(bin)!;
      if (seen >= rank) return binValue(bin);
    }
    return binValue(bins[bins.length - 1]);
  });
}
