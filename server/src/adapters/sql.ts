// SQL shared by the SQLite and D1 adapters: both speak the same dialect, so
// only the way statements run differs between them.
import { DIMENSIONS, type Dimension, type RollupFilter, type Site } from '../ports';
import { PROJECTIONS, tableOf } from './sql-levels';

/** The deltas of a D1 commit chunk, from its JSON parameter ?2, as rows. */
const DELTAS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS event_id, value ->> 2 AS minute, value ->> 3 AS metric,
      value ->> 4 AS route, value ->> 5 AS platform, value ->> 6 AS device, value ->> 7 AS country, value ->> 8 AS dim,
      value ->> 9 AS count, value ->> 10 AS value, value ->> 11 AS bin, value ->> 12 AS rating
      FROM json_each(?2)`;

/** A minute rollup row's key columns, in the order the upserts bind them. */
const KEY = 'site_id, res, bucket, metric, route, platform, device, country, dim';

export const SQL = {
  insertSite: 'INSERT INTO sites (id, key, name, origins, created_at) VALUES (?, ?, ?, ?, ?)',
  listSites: 'SELECT id, key, name, origins FROM sites ORDER BY created_at, id',
  siteByKey: 'SELECT id, key, name, origins FROM sites WHERE key = ?',
  insertToken: 'INSERT INTO tokens (id, hash, role, name, created_at) VALUES (?, ?, ?, ?, ?)',
  tokenByHash: 'SELECT id, role, name FROM tokens WHERE hash = ?',
  insertEvent:
    'INSERT OR IGNORE INTO events (site_id, id, receipt, received_at, t, kind, session, route, platform, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  countEvents: 'SELECT COUNT(*) AS n FROM events WHERE site_id = ?',
  upsertRollup: `INSERT INTO rollups (${KEY}, count, sum, good, ni, poor)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, metric, res, bucket, route, platform, device, country, dim) DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum,
      good = good + excluded.good, ni = ni + excluded.ni, poor = poor + excluded.poor`,
  upsertBin: `INSERT INTO rollup_bins (${KEY}, bin, count)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, metric, res, bucket, route, platform, device, country, dim, bin) DO UPDATE SET count = count + excluded.count`,
  // D1 variants of the three commit statements: a D1 batch is one transaction, but the
  // Worker sees no result until all of it has run, so "was this event new?" is answered
  // in SQL. Each takes a chunk as one JSON parameter (D1 allows 100 bound parameters per
  // statement) and the rollup upserts only add deltas whose event this receipt
  // stored, summed per row, so a racing duplicate batch adds nothing.
  // Events: ?1 receipt, ?2 JSON [[siteId, id, receivedAt, t, kind, session, route, platform, body], ...].
  insertEventsJson: `INSERT OR IGNORE INTO events (site_id, id, receipt, received_at, t, kind, session, route, platform, body)
    SELECT value ->> 0, value ->> 1, ?1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8
    FROM json_each(?2) ORDER BY key`,
  // Rollups and bins: ?1 receipt, ?2 JSON [[siteId, eventId, minute, metric, route, platform, device, country, dim, count, value, bin, rating], ...].
  upsertRollupsJson: `INSERT INTO rollups (${KEY}, count, sum, good, ni, poor)
    SELECT site_id, 1, minute, metric, route, platform, device, country, dim, SUM(count), SUM(value * count),
      SUM(CASE rating WHEN 'good' THEN count ELSE 0 END), SUM(CASE rating WHEN 'needs-improvement' THEN count ELSE 0 END),
      SUM(CASE rating WHEN 'poor' THEN count ELSE 0 END)
    FROM (${DELTAS_JSON}) AS d
    WHERE EXISTS (SELECT 1 FROM events AS e WHERE e.site_id = d.site_id AND e.id = d.event_id AND e.receipt = ?1)
    GROUP BY site_id, minute, metric, route, platform, device, country, dim
    ON CONFLICT (site_id, metric, res, bucket, route, platform, device, country, dim) DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum,
      good = good + excluded.good, ni = ni + excluded.ni, poor = poor + excluded.poor`,
  upsertBinsJson: `INSERT INTO rollup_bins (${KEY}, bin, count)
    SELECT site_id, 1, minute, metric, route, platform, device, country, dim, bin, SUM(count)
    FROM (${DELTAS_JSON}) AS d
    WHERE EXISTS (SELECT 1 FROM events AS e WHERE e.site_id = d.site_id AND e.id = d.event_id AND e.receipt = ?1)
    GROUP BY site_id, minute, metric, route, platform, device, country, dim, bin
    ON CONFLICT (site_id, metric, res, bucket, route, platform, device, country, dim, bin) DO UPDATE SET count = count + excluded.count`,
  appliedMigrations: 'SELECT name FROM d1_migrations',
  recordMigration: 'INSERT INTO d1_migrations (name) VALUES (?)',
} as const;

export interface SiteRow { id: string; key: string; name: string; origins: string }

export const toSite = (r: SiteRow): Site => ({ id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) });

type Param = string | number;

/** The dimensions a read filters or groups by. */
function usedDimensions(f: RollupFilter): Dimension[] {
  const used = DIMENSIONS.filter((d) => f.where?.[d] !== undefined);
  for (const d of [f.groupBy, f.thenBy]) if (d && !used.includes(d)) used.push(d);
  return used;
}

/** The smallest projection of compacted rows that has every dimension the read uses, if any. */
function projectionFor(f: RollupFilter): string | undefined {
  const used = usedDimensions(f);
  return PROJECTIONS.find((p) => used.every((d) => (p.dims as readonly string[]).includes(d)))?.name;
}

/** The metric conditions, one per sub-select so each is an index range: the named ones, then each prefix. */
function metricConditions(f: RollupFilter, prefix: string): [string, Param[]][] {
  const conditions: [string, Param[]][] = [];
  if (f.metrics.length) conditions.push([`metric IN (${f.metrics.map(() => '?').join(', ')})`, f.metrics.map((m) => prefix + m)]);
  for (const p of f.metricPrefixes ?? []) {
    const end = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
    conditions.push(['metric >= ? AND metric < ?', [prefix + p, prefix + end]]);
  }
  return conditions;
}

/**
 * The rows a read covers, one sub-select per level range (see core/levels.ts
 * `planRanges`) and metric condition, all in one shape: the metric (projection
 * prefix removed), the dimensions, the bucket and `columns`.
 */
function source(f: RollupFilter, table: 'rollups' | 'rollup_bins', columns: string) {
  const ranges = f.ranges ?? [{ res: 1, from: f.fromMinute, to: f.toMinute }];
  const projection = projectionFor(f);
  const parts: string[] = [];
  const params: Param[] = [];
  for (const r of ranges) {
    if (![1, 60, 1440].includes(r.res)) throw new Error(`not a rollup resolution: ${r.res}`);
    const prefix = r.res > 1 && projection !== undefined ? `@${projection}:` : '';
    const metric = prefix ? `substr(metric, ${prefix.length + 1})` : 'metric';
    for (const [condition, values] of metricConditions(f, prefix)) {
      let sql = `SELECT ${metric} AS metric, route, platform, device, country, dim, bucket, ${columns} FROM ${tableOf(r.res, table === 'rollup_bins')}
        WHERE site_id = ? AND ${condition} AND res = ${r.res} AND bucket BETWEEN ? AND ?`;
      params.push(f.siteId, ...values, r.from, r.to);
      for (const dimension of DIMENSIONS) {
        const value = f.where?.[dimension];
        if (value === undefined) continue;
        const list = Array.isArray(value) ? value : [value];
        sql += ` AND ${dimension} IN (${list.map(() => '?').join(', ')})`;
        params.push(...list);
      }
      parts.push(sql);
    }
  }
  if (!parts.length) parts.push(`SELECT '' AS metric, '' AS route, '' AS platform, '' AS device, '' AS country, '' AS dim, 0 AS bucket, ${columns} FROM ${table} WHERE 0`);
  return { sql: parts.join('\n UNION ALL '), params };
}

/** The grouping columns: the metric, the groupBy and thenBy dimensions, the time bucket. */
function grouping(f: RollupFilter) {
  const columns = ['metric'];
  const select = ['metric'];
  if (f.groupBy) columns.push(f.groupBy), select.push(`${f.groupBy} AS "group"`);
  if (f.thenBy) columns.push(f.thenBy), select.push(`${f.thenBy} AS subgroup`);
  if (f.step !== undefined) {
    if (!Number.isInteger(f.step) || f.step < 1) throw new Error(`not a step in minutes: ${f.step}`);
    columns.push('time'), select.push(`bucket / ${f.step} * ${f.step} AS time`);
  }
  return { select: select.join(', '), by: columns.join(', ') };
}

export function totalsQuery(f: RollupFilter) {
  const { sql, params } = source(f, 'rollups', 'count, sum, good, ni, poor');
  const g = grouping(f);
  return {
    sql: `SELECT ${g.select}, SUM(count) AS count, SUM(sum) AS sum, SUM(good) AS good, SUM(ni) AS ni, SUM(poor) AS poor
      FROM (${sql}) GROUP BY ${g.by}`,
    params,
  };
}

export function binsQuery(f: RollupFilter) {
  const { sql, params } = source(f, 'rollup_bins', 'bin, count');
  const g = grouping(f);
  return { sql: `SELECT ${g.select}, bin, SUM(count) AS count FROM (${sql}) GROUP BY ${g.by}, bin`, params };
}
