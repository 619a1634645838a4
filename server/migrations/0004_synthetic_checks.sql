-- Health and synthetic checks.

-- Liveness marks: /health writes and reads its own row (a real write), the
-- Worker's cron handler marks each tick as 'scheduler'.
CREATE TABLE heartbeat (
  name TEXT PRIMARY KEY,
  at INTEGER NOT NULL -- epoch ms
);

-- Check definitions (shared/checks.ts); the definition itself is JSON in `config`.
CREATE TABLE checks (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('file', 'api')),
  enabled INTEGER NOT NULL,
  interval_ms INTEGER NOT NULL,
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Where each check stands: what an alert evaluator reads. Counters of runs in a
-- row; status unknown/up/down (DOWN after 3 failures, UP after 2 successes).
CREATE TABLE check_state (
  check_id TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('unknown', 'up', 'down')),
  consecutive_failures INTEGER NOT NULL,
  consecutive_successes INTEGER NOT NULL,
  since INTEGER, -- when status last changed
  last_at INTEGER, -- the last run, NULL before the first
  last_ok INTEGER,
  last_status INTEGER,
  last_latency_ms INTEGER,
  last_error TEXT,
  next_run_at INTEGER NOT NULL -- claimed (moved on) atomically by the scheduler that runs it
);
CREATE INDEX check_state_due ON check_state (next_run_at);

-- Every run, for uptime over any range; old runs are dropped as new ones come.
CREATE TABLE check_runs (
  check_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  status INTEGER,
  latency_ms INTEGER NOT NULL,
  error TEXT,
  PRIMARY KEY (check_id, at)
) WITHOUT ROWID;
