// What /health and /readyz ask the storage (core/health.ts), and its schema.

export interface Migration {
  name: string;
  sql: string;
}

export interface SchemaStore {
  /** Applies the migrations not yet applied, in order; returns their names. */
  migrate(migrations: Migration[]): Promise<string[]>;
  appliedMigrations(): Promise<string[]>;
  ping(): Promise<void>;
}

export interface HealthStore {
  /** Records that `name` was alive at `at`: a real write to the heartbeat table. */
  beat(name: string, at: number): Promise<void>;
  /** When `name` last beat, or null. */
  lastBeat(name: string): Promise<number | null>;
  /** Bytes the database holds (raw events, rollups and the rest). */
  databaseBytes(): Promise<number>;
  /**
   * The event a site sent last (by arrival): its time and when it was received; when no batch is
   * kept (retention, seed-demo), its latest session's last event, as received then. Null before its first.
   */
  lastEvent(siteId: string): Promise<{ t: number; receivedAt: number } | null>;
}
