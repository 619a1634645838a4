-- LTI launches timed end to end (issue 20): the parts of one launch arrive apart
-- (the server SDK's login and launch events, the launch page's vitals) and are
-- joined here by key, a hash of the launch's OIDC state; no personal data. Each
-- field keeps the first value that arrived. Once whole (login, launch and LCP; or 10 minutes after its
-- first part) a launch's stages are added to the rollups and it is marked folded
-- (core/launches.ts); folded launches are removed after two days.
CREATE TABLE launches (
  site_id TEXT NOT NULL,
  key TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  login_at INTEGER,
  login_ms REAL,
  launch_at INTEGER,
  launch_ms REAL,
  ok INTEGER,
  platform TEXT,
  placement TEXT,
  route TEXT,
  ttfb REAL,
  fcp REAL,
  lcp REAL,
  inp REAL,
  folded_at INTEGER,
  PRIMARY KEY (site_id, key)
) WITHOUT ROWID;
CREATE INDEX launches_unfolded ON launches (first_seen) WHERE folded_at IS NULL;
CREATE INDEX launches_folded ON launches (folded_at) WHERE folded_at IS NOT NULL;

-- The key a browser batch's page carried, so a re-derive after a crash finds it.
ALTER TABLE batches ADD COLUMN launch TEXT NOT NULL DEFAULT '';
