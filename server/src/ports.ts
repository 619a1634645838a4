// The ports the core depends on. Adapters (SQLite, D1) implement Store; the
// runtime entry files wire a Store and a Clock into the app.
import type { Check, CheckStatus } from '../../shared/checks';
import type { AlertStore } from './core/alerts/model';
import type { SnapshotStore } from './core/snapshots';

/** `ingest`: the tool's backend sending server events (sightline/server); nothing else. */
export type Role = 'read' | 'admin' | 'ingest';

export interface Site {
  id: string;
  key: string;
  name: string;
  /** Page origins allowed to send with this key; `*` allows any. */
  origins: string[];
}

export interface Token {
  id: string;
  role: Role;
  name: string;
}

/**
 * One ingested batch as stored: its envelope and its events as received. The raw
 * log, kept for raw retention; rollups, sessions and error groups could be
 * rebuilt from it. A retry resends a batch whole, so `key` (core/rollup.ts
 * `batchKey`) identifies it: the server stores and counts a batch once.
 */
export interface BatchRow {
  siteId: string;
  key: string;
  receivedAt: number;
  /** The latest time among its events. */
  t: number;
  /** How many events it holds. */
  count: number;
  /** `browser`: from the widget (/v1/ingest and the seed's endpoints); `server`: from the SDK. */
  source: 'browser' | 'server';
  /** The envelope: '' where the batch had none (server batches name their service as the session). */
  session: string;
  route: string;
  platform: string;
  device: string;
  country: string;
  user: string;
  /** The events, a JSON array. */
  events: string;
}

/**
 * The dimensions a rollup row is keyed, filtered and broken down by, besides
 * site, metric and time. `dim` is the metric's own dimension: the status class
 * of a request, the template of a query, the platform of an LTI launch.
 * An absent value is ''.
 */
export const DIMENSIONS = ['route', 'platform', 'device', 'country', 'dim'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** What identifies one minute rollup row. */
export interface RollupKey extends Record<Dimension, string> {
  siteId: string;
  minute: number;
  metric: string;
}

/** One event's contribution to a rollup. */
export interface RollupDelta extends RollupKey {
  eventId: string;
  /** How many occurrences (an error event may stand for several). */
  count: number;
  value: number;
  bin: number;
  rating: 'good' | 'needs-improvement' | 'poor' | null;
}

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

/** One event's part in its session (browser events only). */
export interface SessionDelta {
  siteId: string;
  session: string;
  /** The batch's pseudonymous user key; '' when it sent none. */
  user: string;
  t: number;
  pageview: boolean;
  /** A custom event's name: a feature this session used. */
  feature?: string;
}

/** One error event's part in its error group (`count` occurrences). */
export interface ErrorDelta extends Omit<ErrorGroupFields, 'firstSeen' | 'lastSeen'> {
  siteId: string;
  route: string;
  t: number;
  /** The session's HyperLogLog register and rank (core/hll.ts). */
  reg: number;
  rho: number;
}

/** What a batch adds besides its raw row: rollup deltas, and session and error-group deltas. */
export interface Derived {
  deltas: RollupDelta[];
  extras?: CommitExtras;
}

/** What a commit stores beside events and rollups. */
export interface CommitExtras {
  sessions?: SessionDelta[];
  errors?: ErrorDelta[];
}

/** What an error group holds, however it is carried (update, stored row, answer). */
export interface ErrorGroupFields {
  fingerprint: string;
  type: string;
  /** The normalised message. */
  title: string;
  message: string;
  /** The top in-app frame, '' when none. */
  frame: string;
  stack: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** An error group as stored; `sessions` is the HyperLogLog state of its affected sessions. */
export interface ErrorGroupRow extends ErrorGroupFields {
  routes: string[];
  sessions: { registers: number; sum: number };
}

/** Sessions overlapping a time range. */
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
}

export interface PruneResult {
  events: number;
  rollups: number;
  sessions: number;
  errorGroups: number;
}

export interface Migration {
  name: string;
  sql: string;
}

export interface Store extends HealthStore, CheckStore, AlertStore, SnapshotStore {
  /** Applies the migrations not yet applied, in order; returns their names. */
  migrate(migrations: Migration[]): Promise<string[]>;
  ping(): Promise<void>;

  createSite(site: Site, createdAt: number): Promise<void>;
  listSites(): Promise<Site[]>;
  findSiteByKey(key: string): Promise<Site | null>;
  createToken(token: Token, hash: string, createdAt: number): Promise<void>;
  findTokenByHash(hash: string): Promise<Token | null>;

  /**
   * Stores a batch and adds its derived records (core/derive.ts `derivedOf`, unless
   * `derived` is given) to the rollups, sessions and error groups, unless a batch
   * with its key is stored already (a retry): then nothing changes. Resolves once
   * the batch is durable, to how many events were new: all of the batch's, or none.
   * The derived rows are written with it, or (the Node commit thread) soon after,
   * replayed on start after a crash; reads see them either way.
   */
  commit(batch: BatchRow, receipt: string, derived?: Derived): Promise<number>;

  rollupTotals(filter: RollupFilter): Promise<RollupTotals[]>;
  rollupBins(filter: RollupFilter): Promise<RollupBin[]>;
  countEvents(siteId: string): Promise<number>;
  /** The latest raw vital events of one metric on one route in [from, to] (epoch ms), newest first, as stored. */
  vitalSamples(filter: VitalSampleFilter): Promise<{ t: number; body: string }[]>;

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

  /** The values of a capped dimension (kind `route`, `template`, `error`) registered for a site. */
  dimensionValues(siteId: string, kind: string): Promise<string[]>;
  addDimensionValues(siteId: string, kind: string, values: string[], at: number): Promise<void>;

  /** The error groups with these fingerprints (all of the site's, by last seen, when absent). */
  errorGroups(siteId: string, fingerprints?: string[]): Promise<ErrorGroupRow[]>;
  /** Sessions overlapping [from, to] (epoch ms). */
  sessionStats(siteId: string, from: number, to: number): Promise<SessionStats>;
  /** Users active in both ranges: of `before`'s users, how many came back in `after`. */
  returningUsers(siteId: string, before: [number, number], after: [number, number]): Promise<{ before: number; returned: number }>;
  /** Per custom event name: distinct users of sessions in [from, to] that used it, and how often. */
  featureUsers(siteId: string, from: number, to: number): Promise<FeatureUsers[]>;
}

export interface VitalSampleFilter {
  siteId: string;
  route: string;
  metric: string;
  from: number;
  to: number;
  limit: number;
}

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;

/** What /health and /readyz ask the storage (core/health.ts). */
export interface HealthStore {
  /** Records that `name` was alive at `at`: a real write to the heartbeat table. */
  beat(name: string, at: number): Promise<void>;
  /** When `name` last beat, or null. */
  lastBeat(name: string): Promise<number | null>;
  /** Commits accepted but not yet written (the SQLite group-commit queue); 0 where there is none. */
  backlog(): number;
  /** Bytes the database holds (raw events, rollups and the rest). */
  databaseBytes(): Promise<number>;
  /** The event a site sent last (by arrival): its time and when it was received; null before its first. */
  lastEvent(siteId: string): Promise<{ t: number; receivedAt: number } | null>;
  appliedMigrations(): Promise<string[]>;
}

/** A synthetic check as stored: its definition and where it came from. */
export interface StoredCheck extends Check {
  /** `file`: from SIGHTLINE_CHECKS_FILE, changed only there; `api`: through /v1/checks. */
  source: 'file' | 'api';
  createdAt: number;
  updatedAt: number;
}

/** One run of a check. */
export interface CheckRun {
  checkId: string;
  /** When it started, epoch ms. */
  at: number;
  ok: boolean;
  /** The status of the last response; null when none came. */
  status: number | null;
  latencyMs: number;
  /** Why it failed; null when it passed. */
  error: string | null;
}

/**
 * Where a check stands: what an alert evaluator reads. `consecutiveFailures`
 * and `consecutiveSuccesses` count the runs in a row (one of them is always 0
 * once it has run); `status` turns DOWN and UP by core/synthetic/state.ts.
 */
export interface CheckState {
  checkId: string;
  status: CheckStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** When `status` last changed; null while unknown. */
  since: number | null;
  lastRun: Omit<CheckRun, 'checkId'> | null;
  /** When it is next due. */
  nextRunAt: number;
}

export interface CheckStore {
  listChecks(siteId?: string): Promise<StoredCheck[]>;
  getCheck(id: string): Promise<StoredCheck | null>;
  /**
   * Creates or replaces a check (its state and runs are kept). A new check is
   * due at `now`; a changed one keeps its schedule.
   */
  putCheck(check: Check, source: StoredCheck['source'], now: number): Promise<void>;
  /** Deletes a check with its state and runs; false if there was none. */
  deleteCheck(id: string): Promise<boolean>;
  /**
   * Claims the enabled checks due at `now`: each is moved to its next slot
   * atomically, so two schedulers never run one check twice. Returns them with their state.
   */
  claimDueChecks(now: number): Promise<{ check: StoredCheck; state: CheckState }[]>;
  /**
   * Stores a run and the state it led to (all but `nextRunAt`), and drops the
   * check's runs older than `keepAfter`. Nothing is stored if the check was deleted meanwhile.
   */
  recordCheckRun(run: CheckRun, state: CheckState, keepAfter: number): Promise<void>;
  /** The state of each check (all when `ids` is absent). */
  checkStates(ids?: string[]): Promise<CheckState[]>;
  /** A check's latest runs, newest first. */
  checkRuns(id: string, limit: number): Promise<CheckRun[]>;
  /** Runs of a check started in [from, to], and how many of them succeeded. */
  checkCounts(id: string, from: number, to: number): Promise<{ total: number; ok: number }>;
}

/** One HTTP request of a check, as a probe sends it: no redirects followed. */
export interface ProbeRequest {
  url: URL;
  method: string;
  signal: AbortSignal;
  /** Read at most this many bytes of the body; none when 0. */
  maxBodyBytes: number;
}

export interface ProbeResponse {
  status: number;
  location: string | null;
  /** The body as text (cut at maxBodyBytes); '' when not read. */
  body: string;
}

/**
 * Sends one check request (runtime adapters: Node's http with guarded DNS,
 * or fetch). Rejects with TargetRefused (core/synthetic/guard.ts) before any
 * traffic when the target's address is not allowed.
 */
export type HttpProbe = (request: ProbeRequest) => Promise<ProbeResponse>;
