// SQL for compaction, retention and the capped-dimension registry, shared by
// the SQLite and D1 adapters. Resolutions are written into the text (they come
// from a fixed set) so integer division stays integer whatever the binding.
import type { Resolution } from '../ports';

const KEY = 'site_id, res, bucket, metric, route, platform, device, country, dim';
const CONFLICT = '(site_id, metric, res, bucket, route, platform, device, country, dim)';
const SUMS = 'SUM(count), SUM(sum), SUM(good), SUM(ni), SUM(poor)';
// Compaction recomputes whole periods, so it replaces rather than adds: running it twice is harmless.
const REPLACE = 'count = excluded.count, sum = excluded.sum, good = excluded.good, ni = excluded.ni, poor = excluded.poor';

/**
 * Compacted levels also hold projections of each period: the same sums with
 * all dimensions but these set to '', under the metric name `@<name>:<metric>`
 * (no real metric starts with `@`). A read that filters or groups by at most
 * these dimensions reads a few projection rows instead of every combination.
 */
export const PROJECTIONS = [
  { name: '', dims: [] },
  { name: 'route', dims: ['route'] },
  { name: 'dim', dims: ['dim'] },
  { name: 'route+dim', dims: ['route', 'dim'] },
  { name: 'platform', dims: ['platform'] },
  { name: 'device', dims: ['device'] },
  { name: 'country', dims: ['country'] },
] as const;

const DIMS = ['route', 'platform', 'device', 'country', 'dim'] as const;

function checkRes(...values: number[]) {
  for (const v of values) if (![1, 60, 1440].includes(v)) throw new Error(`not a rollup resolution: ${v}`);
}

/**
 * The statements of one compaction, in order (one transaction): ?1 and ?2 are the
 * first and the end (exclusive) bucket. Full rows of `res` from the `from` rows;
 * for hours, the projections from the new hour rows; days sum every hour row,
 * projections included. Then the level is recorded as complete up to ?2.
 */
export function compactionStatements(from: Resolution, res: Resolution): string[] {
  checkRes(from, res);
  const b = `bucket / ${res} * ${res}`;
  const full = (table: string, bin: boolean) => `INSERT INTO ${table} (${KEY}, ${bin ? 'bin, count' : 'count, sum, good, ni, poor'})
    SELECT * FROM (SELECT site_id, ${res}, ${b} AS b, metric, route, platform, device, country, dim, ${bin ? 'bin, SUM(count)' : SUMS}
      FROM ${table} WHERE res = ${from} AND bucket >= ?1 AND bucket < ?2
      GROUP BY site_id, b, metric, route, platform, device, country, dim${bin ? ', bin' : ''}) WHERE true
    ON CONFLICT ${bin ? CONFLICT.replace(')', ', bin)') : CONFLICT} DO UPDATE SET ${bin ? 'count = excluded.count' : REPLACE}`;
  // One statement per projection: D1 allows few terms in a compound SELECT.
  const projection = (p: (typeof PROJECTIONS)[number], table: string, bin: boolean) => {
    const dims = DIMS.map((d) => ((p.dims as readonly string[]).includes(d) ? d : "''")).join(', ');
    const groups = ['site_id', 'bucket', 'metric', ...p.dims, ...(bin ? ['bin'] : [])].join(', ');
    return `INSERT INTO ${table} (${KEY}, ${bin ? 'bin, count' : 'count, sum, good, ni, poor'})
      SELECT site_id, ${res}, bucket, '@${p.name}:' || metric, ${dims}, ${bin ? 'bin, SUM(count)' : SUMS}
      FROM ${table} WHERE res = ${res} AND bucket >= ?1 AND bucket < ?2 AND substr(metric, 1, 1) <> '@' GROUP BY ${groups}
      ON CONFLICT ${bin ? CONFLICT.replace(')', ', bin)') : CONFLICT} DO UPDATE SET ${bin ? 'count = excluded.count' : REPLACE}`;
  };
  return [
    full('rollups', false),
    full('rollup_bins', true),
    ...(from === 1 ? PROJECTIONS.flatMap((p) => [projection(p, 'rollups', false), projection(p, 'rollup_bins', true)]) : []),
    `UPDATE rollup_levels SET complete_to = ?2 WHERE res = ${res} AND ?1 <= ?2`,
  ];
}

export const LEVELS_SQL = {
  levels: `SELECT res, complete_to AS completeTo, pruned_to AS prunedTo,
    (SELECT MIN(bucket) FROM rollups AS r WHERE r.res = l.res) AS earliest FROM rollup_levels AS l ORDER BY res`,
  /** ?1 res, ?2 before. */
  pruneRollups: 'DELETE FROM rollups WHERE res = ?1 AND bucket < ?2',
  pruneBins: 'DELETE FROM rollup_bins WHERE res = ?1 AND bucket < ?2',
  recordPruned: 'UPDATE rollup_levels SET pruned_to = ?2 WHERE res = ?1',
  /** ?1 site, ?2 before (ms). */
  pruneEvents: 'DELETE FROM events WHERE site_id = ?1 AND t < ?2',
  pruneSessionFeatures: `DELETE FROM session_features WHERE (site_id, session) IN
    (SELECT site_id, session FROM sessions WHERE site_id = ?1 AND last_t < ?2)`,
  pruneSessions: 'DELETE FROM sessions WHERE site_id = ?1 AND last_t < ?2',
  pruneErrorSessions: `DELETE FROM error_sessions WHERE (site_id, fingerprint) IN
    (SELECT site_id, fingerprint FROM error_groups WHERE site_id = ?1 AND last_seen < ?2)`,
  pruneErrorGroups: 'DELETE FROM error_groups WHERE site_id = ?1 AND last_seen < ?2',
  siteIds: 'SELECT id FROM sites',
  /** ?1 site, ?2 kind. */
  dimensionValues: 'SELECT value FROM dimension_values WHERE site_id = ?1 AND kind = ?2',
  /** ?1 site, ?2 kind, ?3 at, ?4 JSON array of values. */
  addDimensionValues: 'INSERT OR IGNORE INTO dimension_values (site_id, kind, value, first_seen) SELECT ?1, ?2, value, ?3 FROM json_each(?4)',
} as const;
