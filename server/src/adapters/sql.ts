// SQL shared by the SQLite and D1 adapters: both speak the same dialect, so
// only the way statements run differs between them.
import type { RollupFilter, Site } from '../ports';

export const SQL = {
  insertSite: 'INSERT INTO sites (id, key, name, origins, created_at) VALUES (?, ?, ?, ?, ?)',
  listSites: 'SELECT id, key, name, origins FROM sites ORDER BY created_at, id',
  siteByKey: 'SELECT id, key, name, origins FROM sites WHERE key = ?',
  insertToken: 'INSERT INTO tokens (id, hash, role, name, created_at) VALUES (?, ?, ?, ?, ?)',
  tokenByHash: 'SELECT id, role, name FROM tokens WHERE hash = ?',
  insertEvent:
    'INSERT OR IGNORE INTO events (site_id, id, receipt, received_at, t, kind, session, route, platform, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  countEvents: 'SELECT COUNT(*) AS n FROM events WHERE site_id = ?',
  upsertRollup: `INSERT INTO rollups (site_id, minute, metric, route, platform, count, sum, good, ni, poor)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, metric, minute, route, platform) DO UPDATE SET
      count = count + excluded.count, sum = sum + excluded.sum,
      good = good + excluded.good, ni = ni + excluded.ni, poor = poor + excluded.poor`,
  upsertBin: `INSERT INTO rollup_bins (site_id, minute, metric, route, platform, bin, count)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (site_id, metric, minute, route, platform, bin) DO UPDATE SET count = count + excluded.count`,
  appliedMigrations: 'SELECT name FROM d1_migrations',
  recordMigration: 'INSERT INTO d1_migrations (name) VALUES (?)',
} as const;

export interface SiteRow { id: string; key: string; name: string; origins: string }

export const toSite = (r: SiteRow): Site => ({ id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) });

/** WHERE clause and parameters for a rollup read. */
function where(f: RollupFilter) {
  let sql = `site_id = ? AND metric IN (${f.metrics.map(() => '?').join(', ')}) AND minute BETWEEN ? AND ?`;
  const params: (string | number)[] = [f.siteId, ...f.metrics, f.fromMinute, f.toMinute];
  if (f.route !== undefined) (sql += ' AND route = ?'), params.push(f.route);
  if (f.platform !== undefined) (sql += ' AND platform = ?'), params.push(f.platform);
  return { sql, params };
}

export function totalsQuery(f: RollupFilter) {
  const w = where(f);
  return {
    sql: `SELECT metric, SUM(count) AS count, SUM(sum) AS sum, SUM(good) AS good, SUM(ni) AS ni, SUM(poor) AS poor
      FROM rollups WHERE ${w.sql} GROUP BY metric`,
    params: w.params,
  };
}

export function binsQuery(f: RollupFilter) {
  const w = where(f);
  return { sql: `SELECT metric, bin, SUM(count) AS count FROM rollup_bins WHERE ${w.sql} GROUP BY metric, bin`, params: w.params };
}
