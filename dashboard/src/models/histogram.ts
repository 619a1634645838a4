// Turns a merged sketch ([value, count] bins, 1 % apart) into a handful of bars
// on a log scale, each with its web-vitals rating, for a readable histogram.
import { THRESHOLDS, type VitalName } from '../../../shared/limits';

export interface Bar {
  lo: number;
  hi: number;
  count: number;
  /** Share of all values. */
  share: number;
  rating: 'good' | 'needs-improvement' | 'poor' | null;
}

/** Groups bins into at most `n` bars of equal width in log(value); zero values get their own first bar. */
export function histogramBars(bins: [number, number][], metric: string, n = 24): Bar[] {
  const total = bins.reduce((s, b) => s + b[1], 0);
  if (!total) return [];
  const zero = bins.filter((b) => b[0] <= 0).reduce((s, b) => s + b[1], 0);
  const positive = bins.filter((b) => b[0] > 0);
  const bars: Bar[] = [];
  const rating = (v: number): Bar['rating'] => {
    const t = THRESHOLDS[metric as VitalName];
    if (!t) return null;
    return v <= t[0] ? 'good' : v <= t[1] ? 'needs-improvement' : 'poor';
  };
  if (zero) bars.push({ lo: 0, hi: 0, count: zero, share: zero / total, rating: rating(0) });
  if (!positive.length) return bars;
  const lo = Math.log(positive[0][0]);
  const hi = Math.log(positive[positive.length - 1][0]);
  const k = hi - lo < 1e-9 ? 1 : n;
  const width = (hi - lo) / k || 1;
  const counts = new Array<number>(k).fill(0);
  for (const [v, c] of positive) counts[Math.min(k - 1, Math.floor((Math.log(v) - lo) / width))] += c;
  counts.forEach((c, i) => {
    const a = Math.exp(lo + i * width);
    const b = Math.exp(lo + (i + 1) * width);
    bars.push({ lo: a, hi: b, count: c, share: c / total, rating: rating(Math.sqrt(a * b)) });
  });
  return bars;
}
