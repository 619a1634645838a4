-- Raw events in arrival order. Event ids are random (the widget's are 32 random
-- hex digits), and the old table, keyed by (site_id, id), took each insert at a
-- random page: every commit rewrote hundreds of pages, and realistic batches went
-- in at a fifth of the speed of batches with ordered ids. Rows now go at the end
-- (rowid). The identity that dedupes retries is (site, session, time, id), which
-- a retry resends unchanged; it is clustered by session, so a batch's events
-- land together. Reads by time use the arrival time, which only grows.
CREATE TABLE events_v2 (
  seq INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  id TEXT NOT NULL,
  receipt TEXT NOT NULL, -- which ingest request stored it
  received_at INTEGER NOT NULL,
  t INTEGER NOT NULL,
  kind TEXT NOT NULL,
  session TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  body TEXT NOT NULL
);
INSERT INTO events_v2 (site_id, id, receipt, received_at, t, kind, session, route, platform, body)
  SELECT site_id, id, receipt, received_at, t, kind, session, route, platform, body FROM events ORDER BY received_at;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE UNIQUE INDEX events_identity ON events (site_id, session, t, id);
CREATE INDEX events_by_arrival ON events (site_id, received_at);
