-- Rollups gain the dimensions the query API breaks down by (device class,
-- country, and one metric-specific dimension: status class, query template,
-- LTI platform…) and a resolution, so minute rows can be compacted into hour
-- and day rows. Existing rows are kept, as minute rows with empty new dimensions.

CREATE TABLE rollups_v2 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL, -- minutes per bucket: 1, 60 or 1440
  bucket INTEGER NOT NULL, -- first epoch minute of the bucket
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  count INTEGER NOT NULL,
  sum REAL NOT NULL,
  good INTEGER NOT NULL,
  ni INTEGER NOT NULL,
  poor INTEGER NOT NULL,
  PRIMARY KEY (site_id, metric, res, bucket, route, platform, device, country, dim)
) WITHOUT ROWID;

INSERT INTO rollups_v2
  SELECT site_id, 1, minute, metric, route, platform, '', '', '', count, sum, good, ni, poor FROM rollups;
DROP TABLE rollups;
ALTER TABLE rollups_v2 RENAME TO rollups;

CREATE TABLE rollup_bins_v2 (
  site_id TEXT NOT NULL,
  res INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  metric TEXT NOT NULL,
  route TEXT NOT NULL,
  platform TEXT NOT NULL,
  device TEXT NOT NULL,
  country TEXT NOT NULL,
  dim TEXT NOT NULL,
  bin INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (site_id, metric, res, bucket, route, platform, device, country, dim, bin)
) WITHOUT ROWID;

INSERT INTO rollup_bins_v2
  SELECT site_id, 1, minute, metric, route, platform, '', '', '', bin, count FROM rollup_bins;
DROP TABLE rollup_bins;
ALTER TABLE rollup_bins_v2 RENAME TO rollup_bins;
