// Releases (migration 0016): each release's first and last seen, and its day-level
// figures (core/releases.ts). A commit adds a batch's part as JSON parameters,
// counted only if this receipt stored the batch; Node's group commit, one upsert per row.
import type { ReleasePart, ReleaseRow, ReleaseStatRow, ReleaseStore, SqlExecutor } from '../ports';
import { FRESH } from './rollups';

const SEEN = `ON CONFLICT (site_id, release) DO UPDATE SET
  first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen),
  events = events + excluded.events`;
const COUNT =
  'ON CONFLICT (site_id, release, metric, key, day, bin) DO UPDATE SET count = count + excluded.count';
const STATS_JSON = `SELECT ?3 AS site_id, ?5 AS release, value ->> 0 AS metric, value ->> 1 AS key,
  value ->> 2 AS day, value ->> 3 AS bin, value ->> 4 AS count FROM json_each(?2)`;

export const RELEASE_SQL = {
  /** Node's group commit: site, release, first seen, last seen, events. */
  upsertRelease: `INSERT INTO releases (site_id, release, first_seen, last_seen, events) VALUES (?, ?, ?, ?, ?) ${SEEN}`,
  upsertStat: `INSERT INTO release_stats (site_id, release, metric, key, day, bin, count) VALUES (?, ?, ?, ?, ?, ?, ?) ${COUNT}`,
  // The commit of one batch (batches.ts): ?1 receipt, ?2 JSON, ?3 site, ?4 batch key, ?5 release.
  /** ?2: [[seenAt, events]]. */
  upsertReleaseJson: `INSERT INTO releases (site_id, release, first_seen, last_seen, events)
    SELECT ?3, ?5, value ->> 0, value ->> 0, value ->> 1 FROM json_each(?2) WHERE ${FRESH} ${SEEN}`,
  /** ?2: [[metric, key, day, bin, count], ...], one row per metric, key, day and bin. */
  upsertStatsJson: `INSERT INTO release_stats (site_id, release, metric, key, day, bin, count)
    SELECT * FROM (${STATS_JSON}) WHERE ${FRESH} ${COUNT}`,
  releases: `SELECT release, first_seen AS firstSeen, last_seen AS lastSeen, events FROM releases
    WHERE site_id = ? ORDER BY first_seen, release`,
  /** ?1 site, ?2 JSON array of releases. */
  stats: `SELECT release, metric, key, bin, SUM(count) AS count FROM release_stats
    WHERE site_id = ?1 AND release IN (SELECT value FROM json_each(?2))
    GROUP BY release, metric, key, bin`,
  /** ?1 the first epoch day kept. */
  pruneStats: 'DELETE FROM release_stats WHERE day < ?1',
  /** ?1 epoch ms. */
  pruneReleases: 'DELETE FROM releases WHERE last_seen < ?1',
} as const;

/** A part's statements in the one-transaction commit: `fresh` binds receipt, site and key. */
export function releaseStatements(
  part: ReleasePart,
  fresh: (sql: string, rows: string[]) => readonly [string, readonly unknown[]],
) {
  const withRelease = ([sql, params]: readonly [string, readonly unknown[]]) =>
    [sql, [...params, part.release]] as const;
  const stats = part.stats.map((s) => JSON.stringify([s.metric, s.key, s.day, s.bin, s.count]));
  return [
    withRelease(fresh(RELEASE_SQL.upsertReleaseJson, [JSON.stringify([part.seenAt, part.events])])),
    ...(stats.length ? [withRelease(fresh(RELEASE_SQL.upsertStatsJson, stats))] : []),
  ];
}

/** A part's statements for Node's group commit, as [sql, ...params]. */
export function releaseParams(part: ReleasePart): [string, ...unknown[]][] {
  const { siteId, release } = part;
  return [
    [RELEASE_SQL.upsertRelease, siteId, release, part.seenAt, part.seenAt, part.events],
    ...part.stats.map((s): [string, ...unknown[]] => [
      RELEASE_SQL.upsertStat,
      siteId,
      release,
      s.metric,
      s.key,
      s.day,
      s.bin,
      s.count,
    ]),
  ];
}

export function releaseStore(exec: SqlExecutor): ReleaseStore {
  return {
    async releases(siteId) {
      return exec.all<ReleaseRow>(RELEASE_SQL.releases, siteId);
    },
    async releaseStats(siteId, releases) {
      return exec.all<ReleaseStatRow>(RELEASE_SQL.stats, siteId, JSON.stringify(releases));
    },
    async pruneReleases(before) {
      const [, removed] = await exec.batch([
        [RELEASE_SQL.pruneStats, [Math.floor(before / 86_400_000)]],
        [RELEASE_SQL.pruneReleases, [before]],
      ]);
      return removed.changes;
    },
  };
}
