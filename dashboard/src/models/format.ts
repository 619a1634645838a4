// How numbers, times and statuses read on screen. Pure: shared by views, unit tests and e2e.
import type { Status } from '../../../shared/query';

/** The overview's red/amber/green boundaries: one definition, in zod-free shared/limits.ts. */
export { OVERVIEW_THRESHOLDS } from '../../../shared/limits';

const count = new Intl.NumberFormat('en-US');

export function fmtCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : count.format(Math.round(n));
}

/** Milliseconds: `412 ms` below 10 s, then `12.3 s`. */
export function fmtMs(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n < 10_000 ? `${count.format(Math.round(n))} ms` : `${(n / 1000).toFixed(1)} s`;
}

/** A share in [0, 1] as a percentage: `4.2 %`; two decimals below 1 %. */
export function fmtPct(share: number | null | undefined, digits?: number): string {
  if (share === null || share === undefined) return '—';
  const p = share * 100;
  return `${p.toFixed(digits ?? (p !== 0 && Math.abs(p) < 1 ? 2 : 1))} %`;
}

/** A metric value in its unit: CLS is unitless, other vitals and durations are ms. */
export function fmtMetric(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return metric === 'CLS' ? v.toFixed(3) : fmtMs(v);
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A time in the viewer's timezone: `27 Nov, 14:05`. */
export function fmtTime(t: number | string | null | undefined, timeZone?: string): string {
  if (t === null || t === undefined) return '—';
  const d = new Date(t);
  return d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
}

/** `3 min ago`, `2 h ago`, `4 d ago`. */
export function fmtAgo(t: number | string, now: number): string {
  const s = Math.max(0, Math.round((now - new Date(t).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export const STATUS_TEXT: Record<Status, string> = { green: 'OK', amber: 'Warning', red: 'Critical' };

/** The status's words (never colour alone). */
export function statusText(s: Status | null | undefined): string {
  return s ? STATUS_TEXT[s] : 'No data';
}

/** Relative change from `prev` to `cur`; null when it cannot be said. */
export function change(cur: number | null | undefined, prev: number | null | undefined): number | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined || prev === 0) return null;
  return (cur - prev) / Math.abs(prev);
}

/** `▲ 12 % vs previous` with whether that is good news, given which direction is better. */
export function changeText(
  c: number | null,
  higherIsBetter: boolean | null,
): { text: string; tone: 'better' | 'worse' | 'neutral' } {
  if (c === null) return { text: 'no previous data', tone: 'neutral' };
  if (Math.abs(c) < 0.005) return { text: 'no change', tone: 'neutral' };
  const arrow = c > 0 ? '▲' : '▼';
  const tone = higherIsBetter === null ? 'neutral' : c > 0 === higherIsBetter ? 'better' : 'worse';
  return { text: `${arrow} ${Math.abs(c * 100).toFixed(Math.abs(c) < 0.1 ? 1 : 0)} %`, tone };
}

/** Red/amber/green for a value with [amber, red] boundaries (web vitals: [good, poor]). */
export function rag(
  v: number | null | undefined,
  amber: number,
  red: number,
  lowerIsWorse = false,
): Status | null {
  if (v === null || v === undefined) return null;
  if (lowerIsWorse) return v < red ? 'red' : v < amber ? 'amber' : 'green';
  return v > red ? 'red' : v > amber ? 'amber' : 'green';
}
