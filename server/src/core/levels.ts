// Rollup levels: minute rows (res 1) are compacted into hour rows (res 60) and
// those into day rows (res 1440). Pure planning: which periods are complete and
// may be compacted, which rows retention removes, and which level answers which
// part of a read. The store does the I/O; maintain.ts runs the plans.
import type { BucketRange, PrunePlan, Resolution, RollupLevel } from '../ports';

export const HOUR = 60;
export const DAY = 1440;
export const RESOLUTIONS: readonly Resolution[] = [1, HOUR, DAY];

/**
 * How late an event may arrive and still be counted in its own minute (older
 * ones are counted at arrival, see core/rollup.ts). An hour is compacted only
 * once it ended this long ago, so no delta ever lands in a compacted period.
 */
export const LATE_MINUTES = 60;

/** What a read or a maintenance run needs to know about the levels, with defaults filled in. */
export interface Levels {
  /** Buckets before this (epoch minute) are complete at this level; 0 when nothing is. */
  completeTo: Record<Resolution, number>;
  /** Rows before this were removed by retention; 0 when none were. */
  prunedTo: Record<Resolution, number>;
  /** The oldest bucket stored at this level, if any. */
  earliest: Record<Resolution, number | null>;
}

export function toLevels(rows: RollupLevel[]): Levels {
  const levels: Levels = {
    completeTo: { 1: 0, 60: 0, 1440: 0 },
    prunedTo: { 1: 0, 60: 0, 1440: 0 },
    earliest: { 1: null, 60: null, 1440: null },
  };
  for (const r of rows) {
    levels.completeTo[r.res] = r.completeTo ?? 0;
    levels.prunedTo[r.res] = r.prunedTo ?? 0;
    levels.earliest[r.res] = r.earliest;
  }
  return levels;
}

const floorTo = (m: number, res: number) => Math.floor(m / res) * res;
const ceilTo = (m: number, res: number) => Math.ceil(m / res) * res;

/**
 * Which rows answer [from, to] (epoch minutes, inclusive): day rows for the
 * complete days inside it, hour rows for complete hours, minute rows for the
 * rest. Where retention removed the finer rows, the range widens to whole hours
 * (or days). `maxRes` caps the level, e.g. 60 for an hourly time series.
 */
export function planRanges(
  from: number,
  to: number,
  levels: Levels,
  maxRes: Resolution = DAY,
): BucketRange[] {
  let start = from;
  let end = to + 1; // exclusive from here on
  if (end <= start) return [];
  const coarser = RESOLUTIONS.filter((r) => r > 1 && r <= maxRes);
  // Walking down from the coarsest level: below the finer level's pruning line only coarse rows remain.
  for (const res of coarser) {
    const finer = res === HOUR ? 1 : HOUR;
    if (start < levels.prunedTo[finer]) start = floorTo(start, res);
    if (end <= levels.prunedTo[finer]) end = ceilTo(end, res);
  }
  return cover(start, end, [...coarser].reverse(), levels);
}

/** [start, end) with the given levels (coarsest first), then minute rows. */
function cover(start: number, end: number, levels: Resolution[], state: Levels): BucketRange[] {
  if (start >= end) return [];
  const [res, ...finer] = levels;
  if (res === undefined) return [{ res: 1, from: start, to: end - 1 }];
  const a = ceilTo(start, res);
  const b = Math.min(floorTo(end, res), state.completeTo[res]);
  if (a >= b) return cover(start, end, finer, state);
  return [...cover(start, a, finer, state), { res, from: a, to: b - 1 }, ...cover(b, end, finer, state)];
}

/** The coarsest level a time series with this step (minutes) can read. */
export function maxResForStep(step: number): Resolution {
  return step % DAY === 0 ? DAY : step % HOUR === 0 ? HOUR : 1;
}

/** One compaction: the finer rows of [from, to) summed into rows of `res`. */
export interface CompactionPlan {
  from: Resolution;
  res: Resolution;
  fromBucket: number;
  toBucket: number;
}

/**
 * The next periods of `res` (60 or 1440) to compact, at most `maxSpan` minutes
 * of them: complete hours end LATE_MINUTES before now; complete days once all
 * their hours are compacted. Null when there is nothing to do.
 */
export function planCompaction(
  res: 60 | 1440,
  nowMinute: number,
  levels: Levels,
  maxSpan = DAY,
): CompactionPlan | null {
  const finer: Resolution = res === HOUR ? 1 : HOUR;
  if (res === DAY && levels.completeTo[HOUR] === 0) return null;
  const limit = floorTo(res === HOUR ? nowMinute - LATE_MINUTES : levels.completeTo[HOUR], res);
  const done = levels.completeTo[res];
  // The first run starts at the oldest finer row; with none, there is nothing before `limit`.
  const earliest = levels.earliest[finer];
  const fromBucket = done > 0 ? done : earliest === null ? limit : floorTo(earliest, res);
  const toBucket = Math.min(limit, fromBucket + ceilTo(maxSpan, res));
  if (toBucket < fromBucket || (toBucket === fromBucket && done > 0)) return null;
  return { from: finer, res, fromBucket, toBucket };
}

/** Days each kind of data is kept. */
export interface Retention {
  raw: number;
  minute: number;
  hour: number;
  day: number;
  /** Log lines (the logs table), apart from the raw batches that carried them. */
  logs: number;
}

export const DEFAULT_RETENTION: Retention = { raw: 7, minute: 2, hour: 90, day: 730, logs: 7 };

/** `SIGHTLINE_RETENTION_RAW|MINUTE|HOUR|DAY|LOGS` in days; a missing or invalid value keeps the default. */
export function retentionFromEnv(env: object): Retention {
  const days = (name: string, fallback: number) => {
    const raw = (env as Record<string, unknown>)[`SIGHTLINE_RETENTION_${name}`];
    const v = Number(raw);
    return typeof raw === 'string' && raw !== '' && v > 0 ? v : fallback;
  };
  const d = DEFAULT_RETENTION;
  return {
    raw: days('RAW', d.raw),
    minute: days('MINUTE', d.minute),
    hour: days('HOUR', d.hour),
    day: days('DAY', d.day),
    logs: days('LOGS', d.logs),
  };
}

/**
 * Retention lines for `now`. A level's rows are removed only once the next
 * level holds their sums (minute rows once compacted into hours, hour rows once
 * compacted into days), in whole hours or days so reads can widen to them.
 */
export function planPrune(now: number, levels: Levels, retention: Retention): PrunePlan {
  const nowMinute = Math.floor(now / 60_000);
  const line = (days: number, align: number, cap = Infinity) =>
    Math.min(floorTo(nowMinute - days * DAY, align), cap);
  const before: Record<Resolution, number> = {
    1: line(retention.minute, HOUR, levels.completeTo[HOUR]),
    60: line(retention.hour, DAY, levels.completeTo[DAY]),
    1440: line(retention.day, DAY),
  };
  const rollupsBefore: PrunePlan['rollupsBefore'] = {};
  for (const res of RESOLUTIONS) if (before[res] > levels.prunedTo[res]) rollupsBefore[res] = before[res];
  return {
    eventsBefore: now - retention.raw * DAY * 60_000,
    rollupsBefore,
    sessionsBefore: now - retention.hour * DAY * 60_000,
    logsBefore: now - retention.logs * DAY * 60_000,
  };
}
