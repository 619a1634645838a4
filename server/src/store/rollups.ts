// Rollup rows: the upserts a commit adds its deltas with, and the reads of any
// range, level, filter and breakdown.
import {
  DIMENSIONS,
  type Dimension,
  type RollupDelta,
  type RollupFilter,
  type RollupKey,
  type RollupReads,
  type SqlExecutor,
} from '../ports';
import { hasProjection, PROJECTIONS } from './levels';

/** In a commit of one batch (batches.ts): its rows count only if this receipt (?1) stored its batch (site ?3, key ?4). */
export const FRESH = 'EXISTS (SELECT 1 FROM batches WHERE site_id = ?3 AND key = ?4 AND receipt = ?1)';

/** The deltas of a commit, from its JSON parameter ?2, as rows. */
const DELTAS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS minute, value ->> 2 AS metric,
      value ->> 3 AS route, value ->> 4 AS platform, value ->> 5 AS frame, value ->> 6 AS device, value ->> 7 AS country,
      value ->> 8 AS dim, value ->> 9 AS count, value ->> 10 AS value, value ->> 11 AS bin, value ->> 12 AS rating
      FROM json_each(?2)`;

/** A minute rollup row's key columns, in the order the upserts bind them. */
export const KEY = 'site_id, res, bucket, metric, route, platform, frame, device, country, dim';
/** The primary key, as an upsert's conflict target. */
export const CONFLICT = '(site_id, metric, res, bucket, route, platform, frame, device, country, dim)';
export const BIN_CONFLICT = CONFLICT.replace(')', ', bin)');

export const ROLLUP_SQL = {
  /** Node's group commit (sqlite-group-commit.ts): one row, its deltas summed in JS. */
  upsertRollup: `INSERT INTO rollups (${KEY}, count, sum, good, ni, poor)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT ${CONFLICT} DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum,
      good = good + excluded.good, ni = ni + excluded.ni, poor = poor + excluded.poor`,
  upsertBin: `INSERT INTO rollup_bins (${KEY}, bin, count)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT ${BIN_CONFLICT} DO UPDATE SET count = count + excluded.count`,
  // The commit of one batch (batches.ts) is one transaction, but on D1 the Worker
  // sees no result until all of it has run, so "was this batch new?" is answered in
  // SQL. Each takes its rows as one JSON parameter (D1 allows 100 bound parameters per
  // statement) and adds them only if this receipt stored the batch (FRESH), so a racing
  // copy of the batch adds nothing.
  // Rollups and bins: ?1 receipt, ?2 JSON [[siteId, minute, metric, route, platform, frame, device, country, dim, count, value, bin, rating], ...], ?3 site, ?4 key.
  upsertRollupsJson: `INSERT INTO rollups (${KEY}, count, sum, good, ni, poor)
    SELECT site_id, 1, minute, metric, route, platform, frame, device, country, dim, SUM(count), SUM(value * count),
      SUM(CASE rating WHEN 'good' THEN count ELSE 0 END), SUM(CASE rating WHEN 'needs-improvement' THEN count ELSE 0 END),
      SUM(CASE rating WHEN 'poor' THEN count ELSE 0 END)
    FROM (${DELTAS_JSON}) AS d
    WHERE ${FRESH}
    GROUP BY site_id, minute, metric, route, platform, frame, device, country, dim
    ON CONFLICT ${CONFLICT} DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum,
      good = good + excluded.good, ni = ni + excluded.ni, poor = poor + excluded.poor`,
  upsertBinsJson: `INSERT INTO rollup_bins (${KEY}, bin, count)
    SELECT site_id, 1, minute, metric, route, platform, frame, device, country, dim, bin, SUM(count)
    FROM (${DELTAS_JSON}) AS d
    WHERE ${FRESH}
    GROUP BY site_id, minute, metric, route, platform, frame, device, country, dim, bin
    ON CONFLICT ${BIN_CONFLICT} DO UPDATE SET count = count + excluded.count`,
} as const;

/** A minute rollup row's key as the upserts bind it (after site_id comes res, which they fix at 1). */
export const rollupKeyParams = (k: RollupKey) => [
  k.siteId,
  k.minute,
  k.metric,
  k.route,
  k.platform,
  k.frame,
  k.device,
  k.country,
  k.dim,
];

/** A delta as a JSON row, in the order the JSON upserts read it (DELTAS_JSON). */
export const deltaRow = (d: RollupDelta) =>
  JSON.stringify([
    d.siteId,
    d.minute,
    d.metric,
    d.route,
    d.platform,
    d.frame,
    d.device,
    d.country,
    d.dim,
    d.count,
    d.value,
    d.bin,
    d.rating,
  ]);

type Param = string | number;

/** The dimensions a read filters or groups by. */
function usedDimensions(f: RollupFilter): Dimension[] {
  const used = DIMENSIONS.filter((d) => f.where?.[d] !== undefined);
  for (const d of [f.groupBy, f.thenBy]) if (d && !used.includes(d)) used.push(d);
  return used;
}

/** The smallest projection of day rows that has every dimension the read uses, for every metric it reads, if any. */
function projectionFor(f: RollupFilter): string | undefined {
  const used = usedDimensions(f);
  const metrics = [...f.metrics, ...(f.metricPrefixes ?? [])];
  return PROJECTIONS.find(
    (p) =>
      used.every((d) => (p.dims as readonly string[]).includes(d)) &&
      metrics.every((m) => hasProjection(p, m)),
  )?.name;
}

/**
 * The metric conditions, one per sub-select so each is an index seek: each named
 * metric on its own (its name a constant, so it is not a grouping key), then each
 * prefix as a key range.
 */
function metricConditions(
  f: RollupFilter,
  prefix: string,
): { condition: string; values: Param[]; metric: string | null }[] {
  const conditions: { condition: string; values: Param[]; metric: string | null }[] = f.metrics.map((m) => ({
    condition: 'metric = ?',
    values: [prefix + m],
    metric: m,
  }));
  for (const p of f.metricPrefixes ?? []) {
    const end = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
    conditions.push({
      condition: 'metric >= ? AND metric < ?',
      values: [prefix + p, prefix + end],
      metric: null,
    });
  }
  return conditions;
}

/** The grouping columns: the metric, the groupBy and thenBy dimensions, the time bucket. */
function grouping(f: RollupFilter) {
  const select: string[] = [];
  const by: string[] = [];
  if (f.groupBy) (select.push(`${f.groupBy} AS "group"`), by.push(f.groupBy));
  if (f.thenBy) (select.push(`${f.thenBy} AS subgroup`), by.push(f.thenBy));
  if (f.step !== undefined) {
    if (!Number.isInteger(f.step) || f.step < 1) throw new Error(`not a step in minutes: ${f.step}`);
    (select.push(`bucket / ${f.step} * ${f.step} AS time`), by.push('time'));
  }
  return {
    select,
    by,
    outer: ['"group"', 'subgroup', 'time'].filter((_, i) => [f.groupBy, f.thenBy, f.step][i] !== undefined),
  };
}

/**
 * A read: one sub-select per level range (see core/levels.ts `planRanges`) and
 * metric condition, each summed on its own (one index-ordered pass, the fewest
 * rows carried), then summed together. Each bucket of a range is one seek of the
 * (res, bucket, site, metric) key; the buckets come from a recursive CTE, so the
 * statement text does not depend on the range.
 */
function readQuery(f: RollupFilter, table: 'rollups' | 'rollup_bins', sums: string[]) {
  const ranges = f.ranges ?? [{ res: 1, from: f.fromMinute, to: f.toMinute }];
  const projection = projectionFor(f);
  const g = grouping(f);
  const bin = table === 'rollup_bins' ? ['bin'] : [];
  const parts: string[] = [];
  const params: Param[] = [];
  for (const r of ranges) {
    if (![1, 60, 1440].includes(r.res)) throw new Error(`not a rollup resolution: ${r.res}`);
    const prefix = r.res === 1440 && projection !== undefined ? `@${projection}:` : '';
    // The first bucket of the level at or after `from`.
    const first = Math.ceil(r.from / r.res) * r.res;
    for (const { condition, values, metric } of metricConditions(f, prefix)) {
      const name = metric === null ? (prefix ? `substr(metric, ${prefix.length + 1})` : 'metric') : '?';
      let sql = `SELECT ${name} AS metric, ${[...g.select, ...bin, ...sums.map((c) => `SUM(${c}) AS ${c}`)].join(', ')}
        FROM ${table} WHERE res = ${r.res}
        AND bucket IN (WITH RECURSIVE b(x) AS (SELECT ? UNION ALL SELECT x + ${r.res} FROM b WHERE x + ${r.res} <= ?) SELECT x FROM b)
        AND site_id = ? AND ${condition}`;
      params.push(...(metric === null ? [] : [metric]), first, r.to, f.siteId, ...values);
      for (const dimension of DIMENSIONS) {
        const value = f.where?.[dimension];
        if (value === undefined) continue;
        const list = Array.isArray(value) ? value : [value];
        sql += ` AND ${dimension} IN (${list.map(() => '?').join(', ')})`;
        params.push(...list);
      }
      const by = [...(metric === null ? ['metric'] : []), ...g.by, ...bin];
      // Without grouping columns the aggregate is one row even over no rows: keep it only if it summed some.
      parts.push(by.length ? `${sql} GROUP BY ${by.join(', ')}` : `${sql} HAVING COUNT(*) > 0`);
    }
  }
  const columns = ['metric', ...g.outer, ...bin];
  if (!parts.length)
    return {
      sql: `SELECT ${[...columns, ...sums].join(', ')} FROM (SELECT ${columns.map((c) => `NULL AS ${c}`).join(', ')}, ${sums.map((c) => `0 AS ${c}`).join(', ')}) WHERE 0`,
      params,
    };
  return {
    sql: `SELECT ${[...columns, ...sums.map((c) => `SUM(${c}) AS ${c}`)].join(', ')} FROM (${parts.join('\n UNION ALL ')}) GROUP BY ${columns.join(', ')}`,
    params,
  };
}

export function rollupReads(exec: SqlExecutor): RollupReads {
  return {
    async rollupTotals(filter) {
      const { sql, params } = readQuery(filter, 'rollups', ['count', 'sum', 'good', 'ni', 'poor']);
      return exec.all(sql, ...params);
    },
    async rollupBins(filter) {
      const { sql, params } = readQuery(filter, 'rollup_bins', ['count']);
      return exec.all(sql, ...params);
    },
  };
}
