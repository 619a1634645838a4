-- The raw log holds batches, not events: one row per ingested batch, with its
-- whole envelope (device, country and user too, which event rows lacked) and its
-- events as a JSON array. Retries are caught per batch: a client resends a batch
-- whole (the widget and the SDK keep each batch as it was cut until it is
-- answered), so its key, a hash of its session and its events' times and ids
-- (core/rollup.ts batchKey), is the same. One row and one index entry per batch
-- instead of fifty: this is what lets one commit thread keep up with 100,000
-- events/s (docs/benchmarks.md).
CREATE TABLE batches (
  seq INTEGER PRIMARY KEY,
  site_id TEXT NOT NULL,
  key TEXT NOT NULL,
  receipt TEXT NOT NULL, -- which ingest request stored it
  received_at INTEGER NOT NULL,
  t INTEGER NOT NULL, -- its latest event's time
  count INTEGER NOT NULL, -- its events
  source TEXT NOT NULL, -- browser (the widget) or server (the SDK)
  session TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  user_key TEXT NOT NULL,
  events TEXT NOT NULL -- JSON array of the events as validated
);
-- Events stored before become batches again, one per request that brought them (its
-- receipt). Their keys cannot be recomputed here: a retry of one of them that is
-- still in flight at the upgrade is counted again.
INSERT INTO batches (site_id, key, receipt, received_at, t, count, source, session, route, platform, device, country, user_key, events)
  SELECT site_id, 'legacy.' || receipt || '.' || MIN(seq), receipt, MIN(received_at), MAX(t), COUNT(*), source, session,
    CASE source WHEN 'server' THEN '' ELSE route END, CASE source WHEN 'server' THEN '' ELSE platform END, '', '', '',
    json_group_array(json(body))
  FROM (SELECT *, CASE WHEN kind LIKE 'server.%' THEN 'server' ELSE 'browser' END AS source FROM events ORDER BY seq)
  GROUP BY site_id, receipt, source, session, CASE source WHEN 'server' THEN '' ELSE route END, CASE source WHEN 'server' THEN '' ELSE platform END
  ORDER BY MIN(seq);
DROP TABLE events;
CREATE UNIQUE INDEX batches_identity ON batches (site_id, key);
CREATE INDEX batches_by_arrival ON batches (site_id, received_at);
