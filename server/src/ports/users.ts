// One pseudonymous user's data, for a data-subject request: what is kept of them in
// raw form (batches within raw retention, sessions), to export or erase. Aggregates
// (rollups, error groups) hold no user and stay.

/** A raw batch of the user, as exported. */
export interface UserBatch {
  siteId: string;
  receivedAt: number;
  session: string;
  route: string;
  platform: string;
  /** `framed`, `top`, or '' (stored before frames were kept). */
  frame: string;
  device: string;
  country: string;
  /** The events as received. */
  events: unknown[];
}

/** A session of the user, as exported. */
export interface UserSession {
  siteId: string;
  session: string;
  firstT: number;
  lastT: number;
  pageviews: number;
  events: number;
  /** Custom event names it used, and how often. */
  features: Record<string, number>;
}

export interface UserStore {
  /** Every raw batch and session of this user key, on every site. */
  userData(userKey: string): Promise<{ batches: UserBatch[]; sessions: UserSession[] }>;
  /** Removes them; how many of each were removed. */
  deleteUser(userKey: string): Promise<{ batches: number; sessions: number }>;
}

/** The daily secret salts of rotating anonymous users (core/daily-user.ts, migration 0020). */
export interface SaltStore {
  /** The salt of `day` (days since the epoch): the stored one, or `fresh` stored now if none is. */
  daySalt(day: number, fresh: string): Promise<string>;
  /** Removes the salts of days before `day`. */
  forgetSalts(day: number): Promise<void>;
}
