// Reads of what commits derive (rollups, sessions, error groups) and their upkeep
// (compaction, retention). Node's group commit writes derived rows just after it
// answers, so these wait for them (store/sql-store.ts `settled`): every method of
// DerivedReads, whatever is added to it.
import type { Dimension, ErrorGroupFields } from './ingest';
import type { UserStore } from './users';

/** Minutes per rollup bucket: minute, hour and day rows. */
export type Resolution = 1 | 60 | 1440;

/** Rows of one level with bucket in [from, to] (epoch minutes, inclusive). */
export interface BucketRange {
  res: Resolution;
  from: number;
  to: number;
}

export interface RollupFilter {
  siteId: string;
  fromMinute: number;
  toMinute: number; // inclusive
  metrics: string[];
  /** Metrics whose name starts with one of these (`feature.`), besides `metrics`. */
  metricPrefixes?: string[];
  /** Only rows with these dimension values (a list matches any of them). */
  where?: Partial<Record<Dimension, string | string[]>>;
  /** One result per value of this dimension (in `group`), instead of one per metric. */
  groupBy?: Dimension;
  /** And per value of this one (in `subgroup`). */
  thenBy?: Dimension;
  /** Also one result per time bucket of this many minutes (in `time`, an epoch minute). */
  step?: number;
  /**
   * Which levels answer which part of the range (core/levels.ts `planRanges`);
   * minute rows from fromMinute to toMinute when absent.
   */
  ranges?: BucketRange[];
}

export interface RollupTotals {
  metric: string;
  /** The `groupBy` dimension's value, when grouped. */
  group?: string;
  subgroup?: string;
  time?: number;
  count: number;
  sum: number;
  good: number;
  ni: number;
  poor: number;
}

export interface RollupBin {
  metric: string;
  group?: string;
  subgroup?: string;
  time?: number;
  bin: number;
  count: number;
}

/** One level's state: buckets before `completeTo` are complete, before `prunedTo` removed. */
export interface RollupLevel {
  res: Resolution;
  completeTo: number | null;
  prunedTo: number | null;
  /** The oldest bucket stored at this level. */
  earliest: number | null;
}

/** An error group as stored; `sessions` is the HyperLogLog state of its affected sessions. */
export interface ErrorGroupRow extends ErrorGroupFields {
  routes: string[];
  sessions: { registers: number; sum: number };
}

/** Sessions overlapping a time range. */
/** One step of a sessions trend: sessions that started in [t, t + step) (or ran into the range from before it) and their distinct users. */
export interface SessionTrendPoint {
  t: number;
  sessions: number;
  users: number;
}

export interface SessionStats {
  sessions: number;
  /** Distinct user keys among them ('' not counted). */
  users: number;
  /** Sessions that carried a user key. */
  identified: number;
  /** Sum over sessions of last event − first event, ms. */
  duration: number;
  pageviews: number;
}

export interface FeatureUsers {
  name: string;
  users: number;
  uses: number;
}

/** What one retention pass removes (core/levels.ts `planPrune`): everything before each line. */
export interface PrunePlan {
  /** Raw batches received before this (epoch ms). */
  eventsBefore: number;
  /** Rollup rows per level with bucket before this (epoch minute); absent = nothing new to remove. */
  rollupsBefore: Partial<Record<Resolution, number>>;
  /** Sessions, and error groups, last seen before this (epoch ms). */
  sessionsBefore: number;
  /** Log lines written before this (epoch ms), and their daily usage (migration 0015); absent: kept. */
  logsBefore?: number;
}

export interface PruneResult {
  events: number;
  rollups: number;
  sessions: number;
  errorGroups: number;
  /** Log lines removed, when the plan had `logsBefore`. */
  logs?: number;
}

export interface RollupReads {
  rollupTotals(filter: RollupFilter): Promise<RollupTotals[]>;
  rollupBins(filter: RollupFilter): Promise<RollupBin[]>;
}

export interface LevelStore {
  /** The state of the minute, hour and day levels. */
  rollupLevels(): Promise<RollupLevel[]>;
  /**
   * Replaces the `res` rows of [fromBucket, toBucket) with the sums of the
   * `from` rows there (and their projections), then records that level as
   * complete up to toBucket. Running it twice, or again after a crash, changes nothing.
   */
  compactRollups(from: Resolution, res: Resolution, fromBucket: number, toBucket: number): Promise<void>;
  /** Removes what retention says (core/levels.ts `planPrune`) and records the lines. */
  prune(plan: PrunePlan): Promise<PruneResult>;
}

export interface SessionReads {
  /** Sessions overlapping [from, to] (epoch ms). */
  sessionStats(siteId: string, from: number, to: number): Promise<SessionStats>;
  /** Users active in both ranges: of `before`'s users, how many came back in `after`. */
  returningUsers(
    siteId: string,
    before: [number, number],
    after: [number, number],
  ): Promise<{ before: number; returned: number }>;
  /** Sessions overlapping [from, to] per `step` ms from `start` (≤ from), by when each started; steps without sessions left out. */
  sessionTrend(
    siteId: string,
    from: number,
    to: number,
    start: number,
    step: number,
  ): Promise<SessionTrendPoint[]>;
  /** Per custom event name: distinct users of sessions in [from, to] that used it, and how often. */
  featureUsers(siteId: string, from: number, to: number): Promise<FeatureUsers[]>;
}

export interface ErrorGroupReads {
  /** The error groups with these fingerprints (all of the site's, by last seen, when absent). */
  errorGroups(siteId: string, fingerprints?: string[]): Promise<ErrorGroupRow[]>;
}

/** Everything that reads or rewrites derived rows (a user's erasure removes their sessions). */
export type DerivedReads = RollupReads & LevelStore & SessionReads & ErrorGroupReads & UserStore;
