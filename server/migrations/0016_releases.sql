-- Releases and regressions (issue 16 item 4): the release a batch's envelope named
-- (the widget's data-release, the server SDK's release), kept on the raw batch so a
-- re-derive finds it, and two derived tables written in the same commit as the
-- rollups. Release is not in the rollups' key (it would multiply every row): its
-- figures are a compact day-level table of its own.
ALTER TABLE batches ADD COLUMN release TEXT NOT NULL DEFAULT '';

-- Each release of a site: when it was first and last seen (deploy markers) and how
-- many events it sent. Removed with the day-level retention once last seen before it.
CREATE TABLE releases (
  site_id TEXT NOT NULL,
  release TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (site_id, release)
) WITHOUT ROWID;

-- What GET /v1/releases compares (core/releases.ts): per release, day, metric and
-- key (a route, or an endpoint `METHOD /route`), the count of each sketch bin of
-- LCP, INP, CLS and request.duration, and the counts of pageviews, errors and
-- request.5xx (bin 0).
CREATE TABLE release_stats (
  site_id TEXT NOT NULL,
  release TEXT NOT NULL,
  metric TEXT NOT NULL,
  key TEXT NOT NULL,
  day INTEGER NOT NULL,
  bin INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site_id, release, metric, key, day, bin)
) WITHOUT ROWID;
CREATE INDEX release_stats_day ON release_stats (day);
