-- Frame: whether the widget ran inside a frame (`framed`: the LTI tool frame) or
-- in a top-level page (`top`: an LMS page carrying the widget, or the tool opened
-- in its own window), so the dashboard can tell "the LMS page or our tool frame?"
-- (issue 20). Every batch carried it (lms.iframe) but nothing kept it. Rollup rows
-- gain it as a key column, after platform; rows from before, and server events,
-- have frame ''. Raw batches keep it too, so a re-derive after a crash finds it.

CREATE TABLE rollups_v12 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  frame TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  count INTEGER NOT NULL,
  sum REAL NOT NULL,
  good INTEGER NOT NULL,
  ni INTEGER NOT NULL,
  poor INTEGER NOT NULL,
  PRIMARY KEY (res, bucket, site_id, metric, route, platform, frame, device, country, dim)
) WITHOUT ROWID;
INSERT INTO rollups_v12
  SELECT site_id, res, bucket, metric, route, platform, '', device, country, dim, count, sum, good, ni, poor FROM rollups;
DROP TABLE rollups;
ALTER TABLE rollups_v12 RENAME TO rollups;

CREATE TABLE rollup_bins_v12 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  frame TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  bin INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (res, bucket, site_id, metric, route, platform, frame, device, country, dim, bin)
) WITHOUT ROWID;
INSERT INTO rollup_bins_v12
  SELECT site_id, res, bucket, metric, route, platform, '', device, country, dim, bin, count FROM rollup_bins;
DROP TABLE rollup_bins;
ALTER TABLE rollup_bins_v12 RENAME TO rollup_bins;

ALTER TABLE batches ADD COLUMN frame TEXT NOT NULL DEFAULT '';
