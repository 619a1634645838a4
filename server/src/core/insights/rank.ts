// Insights ranked by impact: the estimated milliseconds users lost to each finding
// over the range (time lost per occurrence × occurrences), highest first. The rules
// (server-rules.ts, browser-rules.ts) say what each finding costs. Pure.
import type { Insight } from '../../../../shared/insights';

/** Fewer occurrences than this say nothing reliable: no insight. */
export const MIN_SAMPLES = 5;

/** Highest impact first; equal impacts by kind, then subject, so the order is stable. */
export function rankInsights(insights: Insight[]): Insight[] {
  return [...insights].sort(
    (a, b) => b.impact - a.impact || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject),
  );
}

/** `1,234 ms`, `12.3 s` at and above ten seconds. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1_000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');

export const formatPercent = (share: number) =>
  `${(share * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;

/** The median (lower middle) of some numbers; undefined for none. */
export function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The 75th percentile by nearest rank, as web vitals are judged. */
export function p75(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.75 * sorted.length) - 1];
}
