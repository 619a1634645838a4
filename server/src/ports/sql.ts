// The one thing a SQL store needs of its database: statements run with
// parameters, and a list of them run as one transaction. SQLite (better-sqlite3)
// and D1 both speak SQLite's dialect, so every store method is written once over
// this (store/), and only how a statement runs differs (store/sqlite.ts, store/d1.ts).

/** A statement and its parameters: `?` in order, or `?1`, `?2`… by number (not both). */
export type Statement = readonly [sql: string, params: readonly unknown[]];

export interface StatementResult {
  /** What it returned (a SELECT, or RETURNING); [] for a write without RETURNING. */
  rows: unknown[];
  /** Rows a write changed; 0 for a read. */
  changes: number;
  /** Rows the database wrote for it, indexes included, where it reports them (D1 bills by these). */
  rowsWritten?: number;
}

export interface SqlExecutor {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  run(sql: string, ...params: unknown[]): Promise<{ changes: number }>;
  /** Runs the statements in order in one transaction: all of them or none. */
  batch(statements: readonly Statement[]): Promise<StatementResult[]>;
  /** Bytes the database holds. */
  size(): Promise<number>;
}
