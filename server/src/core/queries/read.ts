// Reads rollups over a window through the levels (day, hour and minute rows,
// core/levels.ts) and turns totals and sketch bins into summaries.
import { quantiles, type Sketch } from '../../../../shared/sketch';
import type { RollupBin, RollupFilter, RollupTotals, Store } from '../../ports';
import { maxResForStep, planRanges, toLevels, type Levels } from '../levels';
import type { Window } from './params';

export type ReadFilter = Omit<RollupFilter, 'siteId' | 'fromMinute' | 'toMinute' | 'ranges'>;

/** Count, mean, percentiles and web-vitals rating shares of one group of rows. */
export interface Summary {
  count: number;
  sum: number;
  avg: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  p99: number | null;
  good: number;
  needsImprovement: number;
  poor: number;
}

export interface Reader {
  window: Window;
  totals(filter: ReadFilter): Promise<RollupTotals[]>;
  bins(filter: ReadFilter): Promise<RollupBin[]>;
  /** Totals and bins merged into one summary per key (`key` picks it from a row; the metric by default). */
  summaries(
    filter: ReadFilter,
    key?: (row: RollupTotals | RollupBin) => string,
  ): Promise<Map<string, Summary>>;
}

export function createReader(store: Store, window: Window): Reader {
  let levels: Promise<Levels> | undefined;
  const fromMinute = Math.floor(window.from / 60_000);
  const toMinute = Math.floor(window.to / 60_000);
  const plan = async (f: ReadFilter): Promise<RollupFilter> => {
    levels ??= store.rollupLevels().then(toLevels);
    const ranges = planRanges(fromMinute, toMinute, await levels, maxResForStep(f.step ?? 1440));
    return { ...f, siteId: window.site.id, fromMinute, toMinute, ranges };
  };
  const reader: Reader = {
    window,
    totals: async (f) => store.rollupTotals(await plan(f)),
    bins: async (f) => store.rollupBins(await plan(f)),
    async summaries(f, key = (r) => r.metric) {
      const [totals, bins] = await Promise.all([reader.totals(f), reader.bins(f)]);
      return summarise(totals, bins, key);
    },
  };
  return reader;
}

export function summarise(
  totals: RollupTotals[],
  bins: RollupBin[],
  key: (row: RollupTotals | RollupBin) => string,
): Map<string, Summary> {
  const sketches = new Map<string, Sketch>();
  for (const b of bins) {
    const k = key(b);
    const sketch = sketches.get(k) ?? sketches.set(k, new Map()).get(k)!;
    sketch.set(b.bin, (sketch.get(b.bin) ?? 0) + b.count);
  }
  const merged = new Map<string, RollupTotals>();
  for (const t of totals) {
    const k = key(t);
    const m = merged.get(k);
    if (!m) merged.set(k, { ...t });
    else ((m.count += t.count), (m.sum += t.sum), (m.good += t.good), (m.ni += t.ni), (m.poor += t.poor));
  }
  const out = new Map<string, Summary>();
  for (const [k, t] of merged) out.set(k, summaryOf(t, sketches.get(k)));
  return out;
}

export const EMPTY: Summary = {
  count: 0,
  sum: 0,
  avg: null,
  p50: null,
  p75: null,
  p95: null,
  p99: null,
  good: 0,
  needsImprovement: 0,
  poor: 0,
};

const QS = [0.5, 0.75, 0.95, 0.99];

export function summaryOf(
  t: Pick<RollupTotals, 'count' | 'sum' | 'good' | 'ni' | 'poor'> | undefined,
  sketch: Sketch = new Map(),
): Summary {
  if (!t || t.count === 0) return EMPTY;
  // One sample is known exactly (the sum); otherwise a bin's value, within 1 % of the sample of that rank.
  const [p50, p75, p95, p99] =
    t.count === 1 ? [t.sum, t.sum, t.sum, t.sum].map(round) : quantiles(sketch, QS).map(round);
  return {
    count: t.count,
    sum: t.sum,
    avg: round(t.sum / t.count),
    p50,
    p75,
    p95,
    p99,
    good: t.good / t.count,
    needsImprovement: t.ni / t.count,
    poor: t.poor / t.count,
  };
}

/** Durations to 0.1 ms, small values (CLS) to 4 significant digits: well inside the sketch's 1%. */
export function round(v: number | null): number | null {
  if (v === null) return null;
  return Math.abs(v) >= 10 ? Math.round(v * 10) / 10 : Number(v.toPrecision(4));
}
