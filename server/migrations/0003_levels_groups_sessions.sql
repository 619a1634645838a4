-- Compaction and retention (rollup levels: day rows also hold projections, metric
-- `@<dims>:<metric>`), cardinality control (a registry of capped dimension values),
-- error groups and sessions.

-- Rollup rows of every level (res 1 minute, 60 hour, 1440 day) are keyed time
-- first: ingest and compaction append, compaction and retention read or delete a
-- time range, and a read seeks each bucket of its range (site and metric follow),
-- all without a second index (which, on a WITHOUT ROWID table, copies the key).
CREATE TABLE rollups_v3 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  count INTEGER NOT NULL,
  sum REAL NOT NULL,
  good INTEGER NOT NULL,
  ni INTEGER NOT NULL,
  poor INTEGER NOT NULL,
  PRIMARY KEY (res, bucket, site_id, metric, route, platform, device, country, dim)
) WITHOUT ROWID;
INSERT INTO rollups_v3 SELECT * FROM rollups;
DROP TABLE rollups;
ALTER TABLE rollups_v3 RENAME TO rollups;

CREATE TABLE rollup_bins_v3 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  bin INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (res, bucket, site_id, metric, route, platform, device, country, dim, bin)
) WITHOUT ROWID;
INSERT INTO rollup_bins_v3 SELECT * FROM rollup_bins;
DROP TABLE rollup_bins;
ALTER TABLE rollup_bins_v3 RENAME TO rollup_bins;

-- Per level (res 1, 60, 1440, in minutes): buckets before complete_to are complete
-- (hour and day rows hold the sums of all their finer rows), rows before pruned_to
-- were removed by retention. Epoch minutes; NULL until the first maintenance run.
CREATE TABLE rollup_levels (
  res INTEGER PRIMARY KEY,
  complete_to INTEGER,
  pruned_to INTEGER
);
INSERT INTO rollup_levels (res) VALUES (1);
INSERT INTO rollup_levels (res) VALUES (60);
INSERT INTO rollup_levels (res) VALUES (1440);

-- Values of the capped dimensions (kind: route, template, error) seen per site.
-- Beyond the cap new values are folded into `other`.
CREATE TABLE dimension_values (
  site_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  PRIMARY KEY (site_id, kind, value)
) WITHOUT ROWID;

-- Error groups: errors with the same fingerprint (normalised message + top in-app frame).
CREATE TABLE error_groups (
  site_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL, -- the normalised message
  message TEXT NOT NULL, -- one message as sent
  frame TEXT NOT NULL, -- the top in-app frame, '' when unknown
  stack TEXT NOT NULL, -- a sample stack
  count INTEGER NOT NULL,
  first_seen INTEGER NOT NULL, -- epoch ms
  last_seen INTEGER NOT NULL,
  routes TEXT NOT NULL, -- JSON array of the first 20 routes it happened on
  PRIMARY KEY (site_id, fingerprint)
) WITHOUT ROWID;
CREATE INDEX error_groups_by_last_seen ON error_groups (site_id, last_seen);

-- The affected sessions of each group as a HyperLogLog: one row per set register.
CREATE TABLE error_sessions (
  site_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  reg INTEGER NOT NULL,
  rho INTEGER NOT NULL,
  PRIMARY KEY (site_id, fingerprint, reg)
) WITHOUT ROWID;

-- One row per browser session: who (the pseudonymous user key, '' if none),
-- its first and last event, page views. The business metrics are SQL over it.
CREATE TABLE sessions (
  site_id TEXT NOT NULL,
  session TEXT NOT NULL,
  user_key TEXT NOT NULL,
  first_t INTEGER NOT NULL,
  last_t INTEGER NOT NULL,
  pageviews INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (site_id, session)
) WITHOUT ROWID;
CREATE INDEX sessions_by_time ON sessions (site_id, last_t);

-- Custom events (features) each session used, and how often.
CREATE TABLE session_features (
  site_id TEXT NOT NULL,
  session TEXT NOT NULL,
  name TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site_id, session, name)
) WITHOUT ROWID;
