// What ingest writes: the raw batch, and the records derived from it (rollup
// deltas, session and error-group deltas) that the store adds up.
import type { QueryPlanRecord } from './insights';
import type { ReleasePart } from './releases';

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
  /** `framed` or `top` (shared/protocol.ts `FrameSchema`); '' for server batches and batches stored before it. */
  frame: string;
  device: string;
  country: string;
  user: string;
  /** The LTI launch a browser batch's page answered (its envelope's `launch`); '' or absent when none. */
  launch?: string;
  /** The tool's release the batch's envelope named (shared/protocol.ts `ReleaseSchema`); '' or absent when none. */
  release?: string;
  /** The events, a JSON array. */
  events: string;
}

/**
 * The dimensions a rollup row is keyed, filtered and broken down by, besides
 * site, metric and time. `dim` is the metric's own dimension: the status class
 * of a request, the template of a query, the platform of an LTI launch.
 * `frame` is where the widget ran: `framed` (the tool frame) or `top`.
 * An absent value is ''.
 */
export const DIMENSIONS = ['route', 'platform', 'frame', 'device', 'country', 'dim'] as const;
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

/** One error event's part in its error group (`count` occurrences). */
export interface ErrorDelta extends Omit<ErrorGroupFields, 'firstSeen' | 'lastSeen'> {
  siteId: string;
  route: string;
  t: number;
  /** The session's HyperLogLog register and rank (core/hll.ts). */
  reg: number;
  rho: number;
}

/** What one batch tells of one LTI launch (core/launches.ts); absent fields are another part's. */
export interface LaunchPart {
  siteId: string;
  /** The launch key (shared/protocol.ts LaunchKeySchema). */
  key: string;
  /** When the part arrived (epoch ms): a launch is folded at the latest a grace period after its first part. */
  seenAt: number;
  /** The login initiation: when it arrived, and how long the tool took to answer it (ms). */
  loginAt?: number;
  loginMs?: number;
  /** The launch request: when it arrived, how long the tool took, and what it was. */
  launchAt?: number;
  launchMs?: number;
  ok?: boolean;
  /** The issuer host. */
  platform?: string;
  placement?: string;
  route?: string;
  /** The launch page's vitals (ms from its navigation start). */
  ttfb?: number;
  fcp?: number;
  lcp?: number;
  inp?: number;
}

/** A launch as joined so far: every part's fields, null where none has arrived. */
export type LaunchRow = { siteId: string; key: string; firstSeen: number } & {
  [K in Exclude<keyof LaunchPart, 'siteId' | 'key' | 'seenAt'>]-?: NonNullable<LaunchPart[K]> | null;
};

/** One log line as kept (core/logs.ts): '' where the line had no such field. */
export interface LogRecord {
  siteId: string;
  id: string;
  t: number;
  level: string;
  message: string;
  /** The context object, JSON; '' when none. */
  context: string;
  requestId: string;
  route: string;
  /** The batch's release (its envelope's). */
  release: string;
  service: string;
  /** The exception the line reports (core/fingerprint.ts), '' fields when none. */
  fingerprint: string;
  type: string;
  title: string;
  frame: string;
  stack: string;
  /** What the line counts against the daily cap. */
  bytes: number;
}

/** A batch's log lines, kept whole or dropped whole by the site's daily byte cap. */
export interface LogLines {
  siteId: string;
  /** The UTC day the batch arrived (days since the epoch): the cap's day. */
  day: number;
  /** Bytes a site may keep per day (the cardinality fold sets it from SIGHTLINE_LOG_BYTES_PER_DAY). */
  cap: number;
  lines: LogRecord[];
}

/** What a batch adds besides its raw row (core/derive.ts `derivedOf`). */
export interface Derived {
  deltas: RollupDelta[];
  sessions?: SessionDelta[];
  errors?: ErrorDelta[];
  /** What the batch tells of LTI launches (core/launches.ts). */
  launches?: LaunchPart[];
  /** Slow templates' query plans the server SDK sent (core/insights/plans.ts). */
  plans?: QueryPlanRecord[];
  /** Its log lines (server batches, core/logs.ts). */
  logs?: LogLines;
  /** What the batch adds to its release's figures, when it named one (core/releases.ts). */
  release?: ReleasePart;
}

export interface VitalSampleFilter {
  siteId: string;
  route: string;
  metric: string;
  from: number;
  to: number;
  limit: number;
}

export interface BatchStore {
  /**
   * Stores a batch and adds its derived records (core/derive.ts `derivedOf` with the
   * cardinality fold, unless `derived` is given) to the rollups, sessions and error
   * groups, unless a batch with its key is stored already (a retry): then nothing
   * changes. Resolves once the batch is durable, to how many events were new: all of
   * the batch's, or none. The derived rows are written with it, or (Node's group
   * commit) soon after, replayed on start after a crash; reads see them either way.
   */
  commit(batch: BatchRow, receipt: string, derived?: Derived): Promise<number>;
  countEvents(siteId: string): Promise<number>;
  /** When the site's latest batch still in the raw log arrived (epoch ms); null when none is. */
  lastReceivedAt(siteId: string): Promise<number | null>;
  /** The latest raw vital events of one metric on one route in [from, to] (epoch ms), newest first, as stored. */
  vitalSamples(filter: VitalSampleFilter): Promise<{ t: number; body: string }[]>;
}

/** The registry of capped dimension values (core/cardinality.ts). */
export interface DimensionStore {
  /** The values of a capped dimension (kind `route`, `template`, `error`) registered for a site. */
  dimensionValues(siteId: string, kind: string): Promise<string[]>;
  addDimensionValues(siteId: string, kind: string, values: string[], at: number): Promise<void>;
}

/** What the Workers queue consumer last saw of the ingest Queue (migration 0011). */
export interface QueueState {
  /** Messages (batches) waiting when it last consumed. */
  backlog: number;
  /** When the oldest of them was sent (epoch ms); null when none waited. */
  oldestAt: number | null;
  /** When it last consumed (epoch ms). */
  consumedAt: number;
  /** New events committed, and the rows D1 reported writing for them, since the first delivery. */
  events: number;
  rowsWritten: number;
}

/** A batch that failed every retry and came back through the dead-letter queue. */
export interface DeadLetter {
  receivedAt: number;
  siteId: string;
  events: number;
  attempts: number;
  /** The message body as it was queued, JSON. */
  body: string;
}

/** The Workers ingest Queue's state and its dead letters; empty on Node, which has no queue. */
export interface QueueStore {
  /** Records a delivery: the Queue's backlog as it saw it, and adds its events and rows written to the totals. */
  recordQueue(state: QueueState): Promise<void>;
  /** Null before the consumer first ran. */
  queueState(): Promise<QueueState | null>;
  addDeadLetters(letters: DeadLetter[]): Promise<void>;
  /** How many there are, and the latest few (newest first). */
  deadLetters(limit: number): Promise<{ count: number; latest: DeadLetter[] }>;
}
