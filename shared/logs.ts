// Answers of the log endpoints (GET /v1/logs, /v1/logs/exceptions, /v1/logs/patterns):
// types only, read by the dashboard.

export interface LogLineAnswer {
  id: string;
  t: number;
  level: string;
  message: string;
  context: Record<string, string | number | boolean | null> | null;
  /** '' where the line had none. */
  requestId: string;
  route: string;
  release: string;
  service: string;
  /** The exception it reports, grouped by `fingerprint` (GET /v1/logs/exceptions). */
  exception: { fingerprint: string; type: string; title: string; stack: string } | null;
}

/** What the site's daily byte cap kept and dropped in the window's days (UTC). */
export interface LogUsageAnswer {
  bytes: number;
  lines: number;
  /** Lines the cap dropped: counted, never silent. */
  dropped: number;
  droppedBytes: number;
}

export interface LogsResponse {
  site: string;
  from: number;
  to: number;
  lines: LogLineAnswer[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  next: string | null;
  usage: LogUsageAnswer;
  /** How `q` is matched: FTS5 (every word as a prefix). */
  search: 'fts5';
}

export interface ExceptionGroupAnswer {
  fingerprint: string;
  type: string;
  /** The message with ids and numbers masked (core/fingerprint.ts). */
  title: string;
  /** The top in-app frame. */
  frame: string;
  message: string;
  stack: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  firstRelease: string;
  lastRelease: string;
  routes: string[];
}

export interface ExceptionsResponse {
  site: string;
  from: number;
  to: number;
  groups: ExceptionGroupAnswer[];
}

export interface ExceptionResponse {
  site: string;
  group: ExceptionGroupAnswer;
  /** Its latest lines. */
  occurrences: LogLineAnswer[];
  /** The lines around the latest: its request's, or those a minute either side when it had no request id. */
  around: LogLineAnswer[];
}

/** One template of error and warning lines (server/src/core/log-patterns.ts). */
export interface LogPatternAnswer {
  template: string;
  /** Lines in the window. */
  count: number;
  /** Lines in the same window on each previous day (oldest first), then the window's. */
  trend: number[];
  /** The mean of the previous days' counts. */
  baseline: number;
  spike: boolean;
  firstSeen: number;
  lastSeen: number;
  firstRelease: string;
}

export interface LogPatternsResponse {
  site: string;
  from: number;
  to: number;
  days: number;
  patterns: LogPatternAnswer[];
  /** Lines past the miner's bound (200 templates): counted, not mined. */
  overflow: number;
}
