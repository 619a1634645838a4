// Releases and regressions (issue 16 item 4). A batch that names a release adds
// compact figures to it (releasePartOf): day-level sketch bins of LCP, INP, CLS and
// request.duration and counts of page views, JS errors and 5xx answers, by route or
// endpoint, taken from the batch's rollup deltas after the cardinality fold. Two
// releases are compared on what both have (compareReleases). Pure.
import { SERVER_METRICS } from '../../../shared/metrics';
import type { ReleaseComparison, ReleaseThresholds } from '../../../shared/releases';
import { quantiles, sketchCount, type Sketch } from '../../../shared/sketch';
import type { BatchRow, ReleasePart, ReleaseStat, ReleaseStatRow, RollupDelta } from '../ports';
import { mannWhitney, twoProportions, twoRates } from './release-tests';

/** Sketched metrics and the quantile compared: vitals by route, request time by endpoint. */
export const RELEASE_QUANTILES: Record<string, { q: number; stat: 'p75' | 'p95' }> = {
  LCP: { q: 0.75, stat: 'p75' },
  INP: { q: 0.75, stat: 'p75' },
  CLS: { q: 0.75, stat: 'p75' },
  [SERVER_METRICS.requestDuration]: { q: 0.95, stat: 'p95' },
};
/** Requests answered 5xx (a counter beside request.duration's bins). */
export const SERVER_ERRORS = 'request.5xx';
const COUNTERS = new Set(['pageviews', 'errors']);

export const DEFAULT_RELEASE_THRESHOLDS: ReleaseThresholds = {
  quantileChange: 0.1,
  rateChange: 0.01,
  alpha: 0.05,
  minSamples: 50,
};

/** What a batch adds to the release its envelope named, from its (folded) rollup deltas; undefined without one. */
export function releasePartOf(
  row: Pick<BatchRow, 'siteId' | 'release' | 'receivedAt' | 'count'>,
  deltas: RollupDelta[],
): ReleasePart | undefined {
  if (!row.release) return undefined;
  const stats = new Map<string, ReleaseStat>();
  const add = (metric: string, key: string, minute: number, bin: number, count: number) => {
    const day = Math.floor(minute / 1440);
    const id = `${metric}\u0000${key}\u0000${day}\u0000${bin}`;
    const s = stats.get(id);
    if (s) s.count += count;
    else stats.set(id, { metric, key, day, bin, count });
  };
  for (const d of deltas) {
    if (RELEASE_QUANTILES[d.metric]) add(d.metric, d.route, d.minute, d.bin, d.count);
    else if (COUNTERS.has(d.metric)) add(d.metric, d.route, d.minute, 0, d.count);
    if (d.metric === SERVER_METRICS.requestDuration && d.dim === '5xx')
      add(SERVER_ERRORS, d.route, d.minute, 0, d.count);
  }
  return {
    siteId: row.siteId,
    release: row.release,
    seenAt: row.receivedAt,
    events: row.count,
    stats: [...stats.values()],
  };
}

/** One release's figures, summed over its days: a sketch per sketched metric and key, a count per counter. */
interface Figures {
  sketches: Map<string, Sketch>;
  counts: Map<string, number>;
}

function figuresOf(rows: ReleaseStatRow[]): Figures {
  const f: Figures = { sketches: new Map(), counts: new Map() };
  for (const r of rows) {
    const id = `${r.metric}\u0000${r.key}`;
    if (RELEASE_QUANTILES[r.metric]) {
      const sketch = f.sketches.get(id) ?? f.sketches.set(id, new Map()).get(id)!;
      sketch.set(r.bin, (sketch.get(r.bin) ?? 0) + r.count);
    } else f.counts.set(id, (f.counts.get(id) ?? 0) + r.count);
  }
  return f;
}

const round = (v: number, digits = 4) => Number(v.toPrecision(digits));
const split = (id: string) => id.split('\u0000') as [string, string];

/** p75/p95 of each sketched metric and key both releases have. */
function quantileComparisons(base: Figures, current: Figures, t: ReleaseThresholds): ReleaseComparison[] {
  const out: ReleaseComparison[] = [];
  for (const [id, cur] of current.sketches) {
    const old = base.sketches.get(id);
    if (!old) continue;
    const [metric, key] = split(id);
    const { q, stat } = RELEASE_QUANTILES[metric];
    const [v1] = quantiles(old, [q]) as number[];
    const [v2] = quantiles(cur, [q]) as number[];
    const n1 = sketchCount(old);
    const n2 = sketchCount(cur);
    const change = v1 > 0 ? v2 / v1 - 1 : v2 > 0 ? null : 0;
    const { z, p } = mannWhitney(old, cur);
    const worse = change === null || change >= t.quantileChange;
    const regression = worse && z > 0 && p < t.alpha && Math.min(n1, n2) >= t.minSamples;
    out.push({
      metric,
      stat,
      key,
      base: { value: round(v1), n: n1 },
      current: { value: round(v2), n: n2 },
      change: change === null ? null : round(change),
      p: round(p, 3),
      regression,
    });
  }
  return out;
}

/** JS errors per page view by route, and the share of 5xx answers by endpoint. */
function rateComparisons(base: Figures, current: Figures, t: ReleaseThresholds): ReleaseComparison[] {
  const requests = (f: Figures, key: string) =>
    sketchCount(f.sketches.get(`${SERVER_METRICS.requestDuration}\u0000${key}`) ?? new Map());
  const out: ReleaseComparison[] = [];
  const keys = (f: Figures, metric: string) =>
    new Set(
      [...f.counts.keys(), ...f.sketches.keys()]
        .map(split)
        .filter(([m]) => m === metric)
        .map(([, k]) => k),
    );
  const rates = [
    { metric: 'errors', over: 'pageviews', test: twoRates },
    { metric: SERVER_ERRORS, over: SERVER_METRICS.requestDuration, test: twoProportions },
  ];
  for (const { metric, over, test } of rates) {
    const before = keys(base, over);
    const both = [...keys(current, over)].filter((k) => before.has(k)).sort();
    for (const key of both) {
      const exposure = (f: Figures) =>
        over === 'pageviews' ? (f.counts.get(`pageviews\u0000${key}`) ?? 0) : requests(f, key);
      const n1 = exposure(base);
      const n2 = exposure(current);
      if (!n1 || !n2) continue;
      const x1 = base.counts.get(`${metric}\u0000${key}`) ?? 0;
      const x2 = current.counts.get(`${metric}\u0000${key}`) ?? 0;
      const change = x2 / n2 - x1 / n1;
      const { z, p } = test(x1, n1, x2, n2);
      out.push({
        metric,
        stat: 'rate',
        key,
        base: { value: round(x1 / n1), n: n1 },
        current: { value: round(x2 / n2), n: n2 },
        change: round(change),
        p: round(p, 3),
        regression:
          change >= t.rateChange - 1e-12 && z > 0 && p < t.alpha && Math.min(n1, n2) >= t.minSamples,
      });
    }
  }
  return out;
}

/**
 * `current` against `base` on every route and endpoint both have: p75 of LCP, INP and
 * CLS, p95 of request.duration, JS errors per page view and the 5xx share; regressions
 * first, then by p, metric and key.
 */
export function compareReleases(
  base: ReleaseStatRow[],
  current: ReleaseStatRow[],
  thresholds: ReleaseThresholds = DEFAULT_RELEASE_THRESHOLDS,
): ReleaseComparison[] {
  const [b, c] = [figuresOf(base), figuresOf(current)];
  return [...quantileComparisons(b, c, thresholds), ...rateComparisons(b, c, thresholds)].sort(
    (x, y) =>
      Number(y.regression) - Number(x.regression) ||
      x.p - y.p ||
      x.metric.localeCompare(y.metric) ||
      x.key.localeCompare(y.key),
  );
}
