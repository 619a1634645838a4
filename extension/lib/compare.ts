// How this page load compares with the field p75 for its route.
import type { VitalName } from '../../shared/limits';

export interface Comparison {
  /** -1 better than the field p75, 0 about the same, 1 worse. */
  direction: -1 | 0 | 1;
  text: string;
}

const fmtDelta = (name: VitalName, d: number) => (name === 'CLS' ? d.toFixed(2) : `${Math.round(d)} ms`);

/**
 * Within 10% (or 0.01 CLS) is "about the same": a single load is one sample, and
 * the p75 has 1% sketch error on top.
 */
export function compareToField(
  name: VitalName,
  value: number,
  p75: number | null | undefined,
): Comparison | null {
  if (p75 === null || p75 === undefined || !Number.isFinite(value)) return null;
  const delta = value - p75;
  const tolerance = name === 'CLS' ? 0.01 : Math.max(10, Math.abs(p75) * 0.1);
  if (Math.abs(delta) <= tolerance) return { direction: 0, text: 'about the field p75' };
  return delta < 0
    ? { direction: -1, text: `${fmtDelta(name, -delta)} better than field p75` }
    : { direction: 1, text: `${fmtDelta(name, delta)} worse than field p75` };
}

/** `1.23 s`, `180 ms`, `0.12` (CLS). */
export function formatVital(name: VitalName, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (name === 'CLS') return value.toFixed(value < 1 ? 3 : 2);
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

export const RATING_TEXT = { good: 'good', 'needs-improvement': 'needs improvement', poor: 'poor' } as const;
