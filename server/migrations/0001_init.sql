-- Sightline schema. Used as-is by the Node runtime (SQLite) and by
-- `wrangler d1 migrations apply` (D1): keep it to SQLite that both accept.

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  origins TEXT NOT NULL DEFAULT '[]', -- JSON array of allowed page origins; ["*"] allows any
  created_at INTEGER NOT NULL
);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE, -- SHA-256 of the secret; the secret itself is never stored
  role TEXT NOT NULL CHECK (role IN ('read', 'admin')),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- Raw events: the log rollups can be rebuilt from. (site_id, id) dedupes retries.
CREATE TABLE events (
  site_id TEXT NOT NULL,
  id TEXT NOT NULL,
  receipt TEXT NOT NULL, -- which ingest request stored it
  received_at INTEGER NOT NULL,
  t INTEGER NOT NULL,
  kind TEXT NOT NULL,
  session TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (site_id, id)
) WITHOUT ROWID;
CREATE INDEX events_by_time ON events (site_id, t);

-- Per-minute counters per metric, route and LMS platform.
CREATE TABLE rollups (
  site_id TEXT NOT NULL,
  minute INTEGER NOT NULL, -- epoch minute
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  count INTEGER NOT NULL,
  sum REAL NOT NULL,
  good INTEGER NOT NULL,
  ni INTEGER NOT NULL,
  poor INTEGER NOT NULL,
  PRIMARY KEY (site_id, metric, minute, route, platform)
) WITHOUT ROWID;

-- The per-minute sketch, one row per non-empty bin: merging is SUM(count).
CREATE TABLE rollup_bins (
  site_id TEXT NOT NULL,
  minute INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  bin INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site_id, metric, minute, route, platform, bin)
) WITHOUT ROWID;
