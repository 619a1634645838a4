// The ports the core depends on. Adapters (SQLite, D1) implement Store; the
// runtime entry files wire a Store and a Clock into the app.

export type Role = 'read' | 'admin';

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

/** One raw event as stored. */
export interface EventRow {
  siteId: string;
  id: string;
  receivedAt: number;
  t: number;
  kind: string;
  session: string;
  route: string;
  platform: string;
  /** The event as received, JSON. */
  body: string;
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

/** One event's contribution to a rollup: counted only if that event is new. */
export interface RollupDelta extends RollupKey {
  eventId: string;
  /** How many occurrences (an error event may stand for several). */
  count: number;
  value: number;
  bin: number;
  rating: 'good' | 'needs-improvement' | 'poor' | null;
}

export interface RollupFilter {
  siteId: string;
  fromMinute: number;
  toMinute: number; // inclusive
  metrics: string[];
  /** Only rows with these dimension values. */
  where?: Partial<Record<Dimension, string>>;
  /** One result per value of this dimension (in `group`), instead of one per metric. */
  groupBy?: Dimension;
}

export interface RollupTotals {
  metric: string;
  /** The `groupBy` dimension's value, when grouped. */
  group?: string;
  count: number;
  sum: number;
  good: number;
  ni: number;
  poor: number;
}

export interface RollupBin {
  metric: string;
  group?: string;
  bin: number;
  count: number;
}

export interface Migration {
  name: string;
  sql: string;
}

export interface Store {
  /** Applies the migrations not yet applied, in order; returns their names. */
  migrate(migrations: Migration[]): Promise<string[]>;
  ping(): Promise<void>;

  createSite(site: Site, createdAt: number): Promise<void>;
  listSites(): Promise<Site[]>;
  findSiteByKey(key: string): Promise<Site | null>;
  createToken(token: Token, hash: string, createdAt: number): Promise<void>;
  findTokenByHash(hash: string): Promise<Token | null>;

  /**
   * Stores new events and adds the deltas of those new events to the rollups,
   * atomically: an event already stored (a retry) is skipped with its deltas.
   * Resolves once durable. Returns how many events were new.
   */
  commit(events: EventRow[], deltas: RollupDelta[], receipt: string): Promise<number>;

  rollupTotals(filter: RollupFilter): Promise<RollupTotals[]>;
  rollupBins(filter: RollupFilter): Promise<RollupBin[]>;
  countEvents(siteId: string): Promise<number>;
}

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;
