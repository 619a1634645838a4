-- Performance snapshots uploaded by the browser extension (POST /v1/snapshots),
-- found again by the short support code quoted in a ticket. The screenshot (a
-- data URL) is its own column so listing never reads it.
CREATE TABLE snapshots (
  code TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  url TEXT NOT NULL,
  title TEXT NOT NULL,
  platform TEXT NOT NULL,
  data TEXT NOT NULL,
  screenshot TEXT
);

CREATE INDEX snapshots_by_time ON snapshots (created_at DESC, code);
