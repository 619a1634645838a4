-- On Workers, ingest answers 202 once a batch is on the ingest Queue, and a queue
-- consumer writes it to D1. `ingest_queue` is what the consumer last saw: the
-- Queue's backlog (messages waiting) and its oldest message, for /health and the
-- queue-backlog rule. Messages that failed every retry arrive through the
-- dead-letter queue and are kept in `dead_letters`, counted and shown, never lost
-- silently. `events` and `rows_written` add up what the consumer committed and the
-- rows D1 reports it wrote for them (what D1 bills). The Node runtime has no queue and
-- leaves both tables empty.
CREATE TABLE ingest_queue (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  backlog INTEGER NOT NULL,
  oldest_at INTEGER,
  consumed_at INTEGER NOT NULL,
  events INTEGER NOT NULL DEFAULT 0,
  rows_written INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE dead_letters (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at INTEGER NOT NULL,
  site_id TEXT NOT NULL,
  events INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  body TEXT NOT NULL
);
