-- Tokens gain the `ingest` role: the tool's backend sends server events
-- (POST /v1/ingest/server) with one, and can read nothing. SQLite cannot alter
-- a CHECK constraint, so the table is rebuilt with its rows.

CREATE TABLE tokens_v2 (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE, -- SHA-256 of the secret; the secret itself is never stored
  role TEXT NOT NULL CHECK (role IN ('read', 'admin', 'ingest')),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO tokens_v2 (id, hash, role, name, created_at) SELECT id, hash, role, name, created_at FROM tokens;
DROP TABLE tokens;
ALTER TABLE tokens_v2 RENAME TO tokens;
