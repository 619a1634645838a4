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

/** One unit for a column of milliseconds: seconds when its largest value reads as seconds in fmtMs. */
export function msUnit(values: (number | null | undefined)[]): 'ms' | 's' {
  return values.some((v) => v !== null && v !== undefined && v >= 10_000) ? 's' : 'ms';
}

/** Milliseconds in a given unit, so a column does not mix `56.9 s` and `9,181 ms`. */
export function fmtMsIn(n: number | null | undefined, unit: 'ms' | 's'): string {
  if (n === null || n === undefined) return '—';
  if (unit === 'ms') return `${count.format(Math.round(n))} ms`;
  return `${(n / 1000).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} s`;
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

const BYTES = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Bytes in SI units: `760.8 MB`. */
export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  let i = 0;
  while (Math.abs(n) >= 1000 && i < BYTES.length - 1) ((n /= 1000), i++);
  return i === 0 ? `${Math.round(n)} B` : `${n.toFixed(1)} ${BYTES[i]}`;
}

/** A measurement with its unit as /health reports it (RFC draft: observedValue, observedUnit). */
export function fmtObserved(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return '—';
  if (unit === 'bytes') return fmtBytes(value);
  if (unit === 's') return fmtDuration(value * 1000);
  if (unit === 'ms') return fmtMs(value);
  const n = Math.abs(value) >= 1000 ? count.format(Math.round(value)) : String(Number(value.toPrecision(4)));
  return unit ? `${n} ${unit}` : n;
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

/** Below this many samples a percentile, or a change against a period, says little (issue #19). */
export const FEW_SAMPLES = 20;

/** `(2 samples)` beside a percentile of fewer than FEW_SAMPLES: one of a few values, not a distribution. */
export function fewSamples(n: number | null | undefined): string {
  return n && n < FEW_SAMPLES ? `(${n} sample${n === 1 ? '' : 's'})` : '';
}

/** A relative change; `'new'` when the previous period holds too little to compare with. */
export type Change = number | 'new' | null;

/**
 * Relative change from `prev` to `cur`; null when it cannot be said. With `samples` (what each
 * value stands on: requests for an error rate), `'new'` when the previous period had under
 * FEW_SAMPLES of them or under a twentieth of this period's: a nearly empty period gives absurd
 * percentages (`▲ 117052 %` on a freshly seeded site).
 */
export function change(
  cur: number | null | undefined,
  prev: number | null | undefined,
  samples?: { cur: number | null | undefined; prev: number | null | undefined },
): Change {
  if (cur === null || cur === undefined) return null;
  if (samples && samples.prev !== null && samples.prev !== undefined && samples.cur) {
    if (samples.prev < FEW_SAMPLES || samples.prev * 20 < samples.cur) return 'new';
  }
  if (prev === null || prev === undefined) return null;
  // From zero: `▲ from 0` rather than no figure at all.
  if (prev === 0) return cur === 0 ? 0 : cur > 0 ? Infinity : -Infinity;
  return (cur - prev) / Math.abs(prev);
}

export interface ChangeText {
  text: string;
  tone: 'better' | 'worse' | 'neutral';
  /** What it is measured against: `vs previous period`, or why there is no figure. */
  against: string;
}

/** `▲ 12 %` against the previous period, with whether that is good news, given which direction is better. */
export function changeText(c: Change, higherIsBetter: boolean | null): ChangeText {
  if (c === null) return { text: 'no previous data', tone: 'neutral', against: '' };
  if (c === 'new')
    return { text: 'new', tone: 'neutral', against: 'too little data in the previous period to compare' };
  const against = 'vs previous period';
  if (Math.abs(c) < 0.005) return { text: 'no change', tone: 'neutral', against };
  const arrow = c > 0 ? '▲' : '▼';
  const tone = higherIsBetter === null ? 'neutral' : c > 0 === higherIsBetter ? 'better' : 'worse';
  if (!Number.isFinite(c)) return { text: `${arrow} from 0`, tone, against };
  const pct = Math.abs(c * 100);
  return { text: `${arrow} ${pct < 10 ? pct.toFixed(1) : count.format(Math.round(pct))} %`, tone, against };
}

const RANK: Record<Status, number> = { green: 0, amber: 1, red: 2 };

/** The worst of several statuses (null ones left out): an endpoint is as bad as its worst figure. */
export function worstStatus(...statuses: (Status | null)[]): Status | null {
  let worst: Status | null = null;
  for (const s of statuses) if (s && (worst === null || RANK[s] > RANK[worst])) worst = s;
  return worst;
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
