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

/** The table a level's rows live in: minute rows where ingest writes them, the rest compacted. */
export const tableOf = (res: number, bins: boolean) => `${bins ? 'rollup_bins' : 'rollups'}${res === 1 ? '' : '_compacted'}`;

/**
 * The statements of one compaction, in order (one transaction): ?1 and ?2 are the
 * first and the end (exclusive) bucket. Hours are summed from minute rows (time
 * range scans), full rows and projections alike; days from hour rows, reached
 * through rollup_series. Then the level is recorded as complete up to ?2.
 */
export function compactionStatements(from: Resolution, res: Resolution): string[] {
  checkRes(from, res);
  if (!((from === 1 && res === 60) || (from === 60 && res === 1440))) throw new Error(`no compaction from ${from} to ${res}`);
  const b = `bucket / ${res} * ${res}`;
  const upsert = (bin: boolean, select: string) => `INSERT INTO ${tableOf(res, bin)} (${KEY}, ${bin ? 'bin, count' : 'count, sum, good, ni, poor'})
    SELECT * FROM (${select}) WHERE true
    ON CONFLICT ${bin ? CONFLICT.replace(')', ', bin)') : CONFLICT} DO UPDATE SET ${bin ? 'count = excluded.count' : REPLACE}`;
  const values = (bin: boolean) => (bin ? 'bin, SUM(count)' : SUMS);
  if (from === 60) {
    // Every series, projections included: their hour rows summed per day (CROSS JOIN: series first).
    const day = (bin: boolean) => upsert(bin, `SELECT r.site_id, ${res}, r.${b} AS b, r.metric, r.route, r.platform, r.device, r.country, r.dim, ${bin ? 'r.bin, SUM(r.count)' : 'SUM(r.count), SUM(r.sum), SUM(r.good), SUM(r.ni), SUM(r.poor)'}
      FROM rollup_series AS s CROSS JOIN ${tableOf(60, bin)} AS r ON r.site_id = s.site_id AND r.metric = s.metric AND r.res = 60 AND r.bucket >= ?1 AND r.bucket < ?2
      GROUP BY r.site_id, b, r.metric, r.route, r.platform, r.device, r.country, r.dim${bin ? ', r.bin' : ''}`);
    return [day(false), day(true), `UPDATE rollup_levels SET complete_to = ?2 WHERE res = ${res} AND ?1 <= ?2`];
  }
  const minutes = `FROM rollups WHERE res = 1 AND bucket >= ?1 AND bucket < ?2`;
  const full = (bin: boolean) => upsert(bin, `SELECT site_id, ${res}, ${b} AS b, metric, route, platform, device, country, dim, ${values(bin)}
    ${minutes.replace('rollups', tableOf(1, bin))} GROUP BY site_id, b, metric, route, platform, device, country, dim${bin ? ', bin' : ''}`);
  // One statement per projection: D1 allows few terms in a compound SELECT.
  const projection = (p: (typeof PROJECTIONS)[number], bin: boolean) => {
    const dims = DIMS.map((d) => ((p.dims as readonly string[]).includes(d) ? d : "''")).join(', ');
    const groups = ['site_id', 'b', 'metric', ...p.dims, ...(bin ? ['bin'] : [])].join(', ');
    return upsert(bin, `SELECT site_id, ${res}, ${b} AS b, '@${p.name}:' || metric, ${dims}, ${values(bin)}
      ${minutes.replace('rollups', tableOf(1, bin))} GROUP BY ${groups}`);
  };
  const prefixes = JSON.stringify(['', ...PROJECTIONS.map((p) => `@${p.name}:`)]);
  return [
    `INSERT OR IGNORE INTO rollup_series (site_id, metric)
      SELECT DISTINCT r.site_id, p.value || r.metric FROM rollups AS r, json_each('${prefixes}') AS p WHERE r.res = 1 AND r.bucket >= ?1 AND r.bucket < ?2`,
    full(false),
    full(true),
    ...PROJECTIONS.flatMap((p) => [projection(p, false), projection(p, true)]),
    `UPDATE rollup_levels SET complete_to = ?2 WHERE res = ${res} AND ?1 <= ?2`,
  ];
}

/**
 * Retention of one level, ?1 the line (epoch minute): minute rows are a time
 * range; compacted rows are reached per series (rollup_series).
 */
export function pruneStatements(res: Resolution): { rows: string; bins: string } {
  checkRes(res);
  const of = (bins: boolean) =>
    res === 1
      ? `DELETE FROM ${tableOf(1, bins)} WHERE res = 1 AND bucket < ?1`
      : `DELETE FROM ${tableOf(res, bins)} WHERE (site_id, metric) IN (SELECT site_id, metric FROM rollup_series) AND res = ${res} AND bucket < ?1`;
  return { rows: of(false), bins: of(true) };
}

export const LEVELS_SQL = {
  levels: `SELECT res, complete_to AS completeTo, pruned_to AS prunedTo,
    CASE res WHEN 1 THEN (SELECT MIN(bucket) FROM rollups AS r WHERE r.res = 1)
      ELSE (SELECT MIN((SELECT MIN(bucket) FROM rollups_compacted AS r WHERE r.site_id = s.site_id AND r.metric = s.metric AND r.res = l.res)) FROM rollup_series AS s)
    END AS earliest
    FROM rollup_levels AS l ORDER BY res`,
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
