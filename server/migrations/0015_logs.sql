-- Log lines kept raw (issue 16): each line the server SDK's logger sent, scrubbed,
-- searchable by its message (FTS5, on SQLite and on D1), with its request, route and
-- release, and the exception it reports grouped by fingerprint (core/fingerprint.ts).
-- Kept SIGHTLINE_RETENTION_LOGS days (default 7), under a per-site daily byte cap:
-- log_usage counts what each day kept and what the cap dropped.
CREATE TABLE logs (
  seq INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  id TEXT NOT NULL,
  t INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  -- The context object, JSON; '' when none.
  context TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  route TEXT NOT NULL DEFAULT '',
  release TEXT NOT NULL DEFAULT '',
  service TEXT NOT NULL DEFAULT '',
  -- The exception the line reports: '' for none.
  fingerprint TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  frame TEXT NOT NULL DEFAULT '',
  stack TEXT NOT NULL DEFAULT ''
);
CREATE INDEX logs_by_time ON logs (site_id, t);
CREATE INDEX logs_by_request ON logs (site_id, request_id, t) WHERE request_id != '';
CREATE INDEX logs_by_exception ON logs (site_id, fingerprint, t) WHERE fingerprint != '';

-- The messages' full-text index, over the table's own rows (external content).
CREATE VIRTUAL TABLE logs_fts USING fts5(message, content = 'logs', content_rowid = 'seq');
-- One line each: migrations are split at a line's final semicolon (core/migrate.ts).
CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN INSERT INTO logs_fts (rowid, message) VALUES (new.seq, new.message); END;
CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN INSERT INTO logs_fts (logs_fts, rowid, message) VALUES ('delete', old.seq, old.message); END;

-- Bytes and lines kept, and lines dropped over the cap, per site and UTC day (days since the epoch).
CREATE TABLE log_usage (
  site_id TEXT NOT NULL,
  day INTEGER NOT NULL,
  bytes INTEGER NOT NULL DEFAULT 0,
  lines INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  dropped_bytes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day)
) WITHOUT ROWID;
