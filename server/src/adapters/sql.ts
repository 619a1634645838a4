// SQL shared by the SQLite and D1 adapters: both speak the same dialect, so
// only the way statements run differs between them.
import { DIMENSIONS, type RollupFilter, type Site } from '../ports';

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

/** WHERE clause and parameters for a rollup read (minute rows). */
function where(f: RollupFilter) {
  let sql = `site_id = ? AND metric IN (${f.metrics.map(() => '?').join(', ')}) AND res = 1 AND bucket BETWEEN ? AND ?`;
  const params: (string | number)[] = [f.siteId, ...f.metrics, f.fromMinute, f.toMinute];
  for (const dimension of DIMENSIONS) {
    const value = f.where?.[dimension];
    if (value !== undefined) (sql += ` AND ${dimension} = ?`), params.push(value);
  }
  return { sql, params };
}

/** The grouping columns: always the metric, and the groupBy dimension as `group`. */
function grouping(f: RollupFilter) {
  return f.groupBy ? { select: `metric, ${f.groupBy} AS "group"`, by: `metric, ${f.groupBy}` } : { select: 'metric', by: 'metric' };
}

export function totalsQuery(f: RollupFilter) {
  const w = where(f);
  const g = grouping(f);
  return {
    sql: `SELECT ${g.select}, SUM(count) AS count, SUM(sum) AS sum, SUM(good) AS good, SUM(ni) AS ni, SUM(poor) AS poor
      FROM rollups WHERE ${w.sql} GROUP BY ${g.by}`,
    params: w.params,
  };
}

export function binsQuery(f: RollupFilter) {
  const w = where(f);
  const g = grouping(f);
  return { sql: `SELECT ${g.select}, bin, SUM(count) AS count FROM rollup_bins WHERE ${w.sql} GROUP BY ${g.by}, bin`, params: w.params };
}
