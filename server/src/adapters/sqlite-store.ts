// Store on a local SQLite file (better-sqlite3): the embedded default.
import Database from 'better-sqlite3';
import { aggregateDeltas } from '../core/rollup';
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { EventRow, RollupBin, RollupDelta, RollupTotals, Store, Token } from '../ports';
import { binsQuery, SQL, toSite, totalsQuery, type SiteRow } from './sql';

/**
 * Opens (creating) a database file in WAL mode. `synchronous = NORMAL` makes a
 * commit durable once written to the WAL: it survives a crash of the process;
 * only a power loss can drop the last commits. Set `durability: 'full'` to
 * fsync every commit as well.
 */
export function openSqlite(file: string, durability: 'normal' | 'full' = 'normal'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  return db;
}

interface PendingCommit {
  events: EventRow[];
  deltas: RollupDelta[];
  receipt: string;
  resolve: (fresh: number) => void;
  reject: (error: unknown) => void;
}

export function createSqliteStore(db: Database.Database): Store {
  // Statements are prepared on first use (they need the tables migrate creates)
  // and kept: a rollup read has only a few distinct shapes.
  const prepared = new Map<string, Database.Statement>();
  const q = (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  // Group commit: the commits asked for while the event loop handles one round
  // of I/O run in one transaction, so rollup rows shared by several batches are
  // written once. Each caller is still answered only after that commit.
  const commitGroup = db.transaction((group: PendingCommit[]) => {
    const fresh = new Set<string>();
    const counts = group.map(({ events, receipt }) => {
      let n = 0;
      for (const e of events) {
        const { changes } = q(SQL.insertEvent).run(e.siteId, e.id, receipt, e.receivedAt, e.t, e.kind, e.session, e.route, e.platform, e.body);
        if (changes === 1) fresh.add(`${e.siteId}\u0000${e.id}`), n++;
      }
      return n;
    });
    const deltas = group.flatMap((g) => g.deltas).filter((d) => fresh.has(`${d.siteId}\u0000${d.eventId}`));
    for (const u of aggregateDeltas(deltas)) {
      const k = [u.key.siteId, u.key.minute, u.key.metric, u.key.route, u.key.platform, u.key.device, u.key.country, u.key.dim];
      q(SQL.upsertRollup).run(...k, u.count, u.sum, u.good, u.ni, u.poor);
      for (const [bin, count] of u.bins) q(SQL.upsertBin).run(...k, bin, count);
    }
    return counts;
  });

  let pending: PendingCommit[] = [];
  const flush = () => {
    const group = pending;
    pending = [];
    try {
      commitGroup(group).forEach((n, i) => group[i].resolve(n));
    } catch {
      // One bad commit must not fail the others: retry each on its own.
      for (const g of group) {
        try {
          g.resolve(commitGroup([g])[0]);
        } catch (error) {
          g.reject(error);
        }
      }
    }
  };

  const migrate = db.transaction((migrations: Parameters<Store['migrate']>[0]) => {
    db.exec(MIGRATIONS_TABLE_SQL);
    const applied = q(SQL.appliedMigrations).pluck().all() as string[];
    const pending = pendingMigrations(migrations, applied);
    for (const m of pending) {
      for (const statement of splitStatements(m.sql)) db.exec(statement);
      q(SQL.recordMigration).run(m.name);
    }
    return pending.map((m) => m.name);
  });

  return {
    async migrate(migrations) {
      return migrate(migrations);
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async createSite(site, createdAt) {
      q(SQL.insertSite).run(site.id, site.key, site.name, JSON.stringify(site.origins), createdAt);
    },
    async listSites() {
      return (q(SQL.listSites).all() as SiteRow[]).map(toSite);
    },
    async findSiteByKey(key) {
      const row = q(SQL.siteByKey).get(key) as SiteRow | undefined;
      return row ? toSite(row) : null;
    },
    async createToken(token, hash, createdAt) {
      q(SQL.insertToken).run(token.id, hash, token.role, token.name, createdAt);
    },
    async findTokenByHash(hash) {
      return (q(SQL.tokenByHash).get(hash) as Token | undefined) ?? null;
    },
    commit(events, deltas, receipt) {
      return new Promise((resolve, reject) => {
        if (pending.push({ events, deltas, receipt, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    async rollupTotals(filter) {
      const { sql, params } = totalsQuery(filter);
      return q(sql).all(...params) as RollupTotals[];
    },
    async rollupBins(filter) {
      const { sql, params } = binsQuery(filter);
      return q(sql).all(...params) as RollupBin[];
    },
    async countEvents(siteId) {
      return (q(SQL.countEvents).get(siteId) as { n: number }).n;
    },
  };
}
