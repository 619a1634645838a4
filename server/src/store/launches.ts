// LTI launches (migration 0013): parts upserted by key as batches bring them, each
// field keeping the first value that arrived, then folded into the rollups once
// (core/launches.ts). A commit adds its parts as one JSON parameter, counted only if
// this receipt stored the batch; Node's group commit, one upsert per part.
import type { LaunchPart, LaunchRow, LaunchStore, RollupDelta, SqlExecutor } from '../ports';
import { BIN_CONFLICT, CONFLICT as ROLLUP_CONFLICT, FRESH, KEY as ROLLUP_KEY } from './rollups';

/** A part's values in the order of COLUMNS: `upsertPart` binds them, `upsertPartsJson` reads them as JSON rows. */
export const launchPartParams = (p: LaunchPart) => [
  p.siteId,
  p.key,
  p.seenAt,
  p.loginAt ?? null,
  p.loginMs ?? null,
  p.launchAt ?? null,
  p.launchMs ?? null,
  p.ok === undefined ? null : Number(p.ok),
  p.platform ?? null,
  p.placement ?? null,
  p.route ?? null,
  p.ttfb ?? null,
  p.fcp ?? null,
  p.lcp ?? null,
  p.inp ?? null,
];
export const launchPartRow = (p: LaunchPart) => JSON.stringify(launchPartParams(p));

const FIELDS = [
  'login_at',
  'login_ms',
  'launch_at',
  'launch_ms',
  'ok',
  'platform',
  'placement',
  'route',
  'ttfb',
  'fcp',
  'lcp',
  'inp',
] as const;
const COLUMNS = `site_id, key, first_seen, ${FIELDS.join(', ')}`;
const PARTS_JSON = `SELECT ${COLUMNS.split(', ')
  .map((c, i) => `value ->> ${i} AS ${c}`)
  .join(', ')} FROM json_each(?2)`;
const KEEP_FIRST = `ON CONFLICT (site_id, key) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen),
  ${FIELDS.map((f) => `${f} = COALESCE(launches.${f}, excluded.${f})`).join(', ')}`;

/** A launch's rollup deltas as JSON rows: [siteId, key, minute, metric, route, platform, dim, value, bin] (a launch delta's eventId is its launch's key). */
const deltaRow = (d: RollupDelta) =>
  JSON.stringify([d.siteId, d.eventId, d.minute, d.metric, d.route, d.platform, d.dim, d.value, d.bin]);
const DELTAS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS key, value ->> 2 AS minute, value ->> 3 AS metric,
  value ->> 4 AS route, value ->> 5 AS platform, value ->> 6 AS dim, value ->> 7 AS value, value ->> 8 AS bin
  FROM json_each(?1)`;
/** A launch not folded yet (by another maintenance run, say): its deltas count. */
const UNFOLDED = `EXISTS (SELECT 1 FROM launches AS l WHERE l.site_id = d.site_id AND l.key = d.key AND l.folded_at IS NULL)`;

export const LAUNCH_SQL = {
  /** ?1 receipt, ?2 JSON part rows, ?3 site, ?4 batch key. */
  upsertPartsJson: `INSERT INTO launches (${COLUMNS}) SELECT * FROM (${PARTS_JSON}) WHERE ${FRESH} ${KEEP_FIRST}`,
  /** Node's group commit: one part. */
  upsertPart: `INSERT INTO launches (${COLUMNS}) VALUES (${COLUMNS.split(', ')
    .map(() => '?')
    .join(', ')}) ${KEEP_FIRST}`,
  /** ?1 first seen before, ?2 limit. */
  due: `SELECT site_id AS siteId, key, first_seen AS firstSeen, login_at AS loginAt, login_ms AS loginMs,
      launch_at AS launchAt, launch_ms AS launchMs, ok, platform, placement, route, ttfb, fcp, lcp, inp
    FROM launches
    WHERE folded_at IS NULL AND (first_seen < ?1
      OR (login_at IS NOT NULL AND launch_at IS NOT NULL AND lcp IS NOT NULL))
    ORDER BY first_seen LIMIT ?2`,
  /** ?1 JSON delta rows. Launch deltas have frame, device and country ''. */
  foldRollups: `INSERT INTO rollups (${ROLLUP_KEY}, count, sum, good, ni, poor)
    SELECT site_id, 1, minute, metric, route, platform, '', '', '', dim, COUNT(*), SUM(value), 0, 0, 0
    FROM (${DELTAS_JSON}) AS d WHERE ${UNFOLDED}
    GROUP BY site_id, minute, metric, route, platform, dim
    ON CONFLICT ${ROLLUP_CONFLICT} DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum`,
  foldBins: `INSERT INTO rollup_bins (${ROLLUP_KEY}, bin, count)
    SELECT site_id, 1, minute, metric, route, platform, '', '', '', dim, bin, COUNT(*)
    FROM (${DELTAS_JSON}) AS d WHERE ${UNFOLDED}
    GROUP BY site_id, minute, metric, route, platform, dim, bin
    ON CONFLICT ${BIN_CONFLICT} DO UPDATE SET count = count + excluded.count`,
  /** ?1 now, ?2 JSON [[siteId, key], ...]. */
  markFolded: `UPDATE launches SET folded_at = ?1
    WHERE folded_at IS NULL AND (site_id, key) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?2))`,
  /** ?1 folded before. */
  forget: 'DELETE FROM launches WHERE folded_at < ?1',
} as const;

export function launchStore(exec: SqlExecutor): LaunchStore {
  return {
    async dueLaunches(before, limit) {
      const rows = await exec.all<LaunchRow & { ok: number | null }>(LAUNCH_SQL.due, before, limit);
      return rows.map((r) => ({ ...r, ok: r.ok === null ? null : r.ok === 1 }));
    },
    async foldLaunches(launches, deltas, now, forgetBefore) {
      const rows = `[${deltas.map(deltaRow).join(',')}]`;
      // Rollups first: they look for launches not folded yet, which the last statement marks.
      await exec.batch([
        [LAUNCH_SQL.foldRollups, [rows]],
        [LAUNCH_SQL.foldBins, [rows]],
        [LAUNCH_SQL.markFolded, [now, JSON.stringify(launches.map((l) => [l.siteId, l.key]))]],
        [LAUNCH_SQL.forget, [forgetBefore]],
      ]);
    },
  };
}
