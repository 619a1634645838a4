// Store on a local SQLite file (better-sqlite3): the embedded default.
import Database from 'better-sqlite3';
import { aggregateErrors, aggregateSessions } from '../core/extras';
import { derivedOf } from '../core/derive';
import { aggregateDeltas } from '../core/rollup';
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { BatchRow, CommitExtras, Derived, ErrorDelta, Resolution, RollupBin, RollupDelta, RollupLevel, RollupTotals, SessionDelta, Site, Store, Token } from '../ports';
import { batchParams, binsQuery, rollupKeyParams, SQL, toSite, totalsQuery, type SiteRow } from './sql';
import { EXTRAS_SQL, toErrorGroup, type ErrorGroupSqlRow } from './sql-extras';
import { compactionStatements, LEVELS_SQL, pruneStatements } from './sql-levels';
import { sqliteHealthAndChecks } from './sqlite-checks';
import { sqliteAlerts } from './sqlite-alerts';
import { sqliteSnapshots } from './sqlite-snapshots';

/** Binds `?1`, `?2`… (better-sqlite3 takes numbered parameters as an object). */
const numbered = (...params: unknown[]) => Object.fromEntries(params.map((p, i) => [i + 1, p]));

/**
 * Opens (creating) a database file in WAL mode. `synchronous = NORMAL` makes a
 * commit durable once written to the WAL: it survives a crash of the process;
 * only a power loss can drop the last commits. Set `durability: 'full'` to
 * fsync every commit as well. A connection copies the WAL into the file itself
 * after a commit that made it grow past 1,000 pages (`checkpoints: 'auto'`),
 * unless other connections do that (`'elsewhere'`: sqlite-commit-thread.ts).
 */
export function openSqlite(file: string, durability: 'normal' | 'full' = 'normal', checkpoints: 'auto' | 'elsewhere' = 'auto'): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  if (checkpoints === 'elsewhere') db.pragma('wal_autocheckpoint = 0');
  // A WAL that grew under load is cut back to this size when it starts over.
  db.pragma(`journal_size_limit = ${32 * 1024 * 1024}`);
  return db;
}

/**
 * Statements prepared on first use (they need the tables migrate creates) and
 * kept: a rollup read has only a few distinct shapes.
 */
export function statementCache(db: Database.Database) {
  const prepared = new Map<string, Database.Statement>();
  return (sql: string) => {
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}

/**
 * Sessions and error groups of new events, summed, one upsert per row; call it in
 * the transaction that stores the events (the store's commit, or a generator
 * writing straight into the file, like seed-demo and bench-query).
 */
export function extrasWriter(q: (sql: string) => Database.Statement) {
  return (sessions: SessionDelta[], errors: ErrorDelta[]) => {
    for (const u of aggregateSessions(sessions)) {
      q(EXTRAS_SQL.upsertSession).run(u.siteId, u.session, u.user, u.firstT, u.lastT, u.pageviews, u.events);
      for (const [name, n] of u.features) q(EXTRAS_SQL.upsertSessionFeature).run(u.siteId, u.session, name, n);
    }
    for (const u of aggregateErrors(errors)) {
      q(EXTRAS_SQL.upsertErrorGroup).run(u.siteId, u.fingerprint, u.type, u.title, u.message, u.frame, u.stack, u.count, u.firstSeen, u.lastSeen, JSON.stringify(u.routes));
      for (const [reg, rho] of u.registers) q(EXTRAS_SQL.upsertErrorSession).run(u.siteId, u.fingerprint, reg, rho);
    }
  };
}

interface PendingCommit {
  batch: BatchRow;
  deltas: RollupDelta[];
  receipt: string;
  extras?: CommitExtras;
  resolve: (fresh: number) => void;
  reject: (error: unknown) => void;
}

/** A batch just stored, and what it adds to rollups, sessions and error groups. */
interface Stored extends Derived {
  seq: number;
}

export interface SqliteStoreOptions {
  /**
   * Answer a commit once its batch is stored, and add the derived rows (rollups,
   * sessions, error groups) of up to `batches` stored batches, or of those stored in
   * `ms`, in one later transaction (the commit thread). They share their pages, so
   * far fewer are written per batch, and no batch waits for them. `settle()` adds
   * them at once. A crash in between loses none: `rederive` replays the batches
   * after `derived_state.batches_to` on start. Without it, a commit adds its
   * derived rows in the transaction that stores its batch.
   */
  deriveLater?: { batches: number; ms: number };
}

/** Adds derived rows and moves `derived_state.batches_to` to the last batch they come from. */
function derivedWriter(q: (sql: string) => Database.Statement) {
  const writeExtras = extrasWriter(q);
  return (stored: Stored[]) => {
    if (!stored.length) return;
    for (const u of aggregateDeltas(stored.flatMap((s) => s.deltas))) {
      const k = rollupKeyParams(u.key);
      q(SQL.upsertRollup).run(...k, u.count, u.sum, u.good, u.ni, u.poor);
      for (const [bin, count] of u.bins) q(SQL.upsertBin).run(...k, bin, count);
    }
    writeExtras(stored.flatMap((s) => s.extras?.sessions ?? []), stored.flatMap((s) => s.extras?.errors ?? []));
    q(SQL.setDerivedTo).run(stored[stored.length - 1].seq);
  };
}

/**
 * Derives again every batch stored after `derived_state.batches_to` (their derived
 * rows were not written: the process stopped in between), in order, `chunk` batches
 * per transaction. `derive` makes a stored batch's records (core/derive.ts
 * `derivedOf`, with the cardinality fold the live path applies). Run it before
 * anything commits. Returns how many batches it derived.
 */
export async function rederive(db: Database.Database, derive: (row: BatchRow) => Promise<Derived>, onProgress?: (done: number) => void, chunk = 1_000): Promise<number> {
  const q = statementCache(db);
  const write = db.transaction(derivedWriter(q));
  let done = 0;
  for (;;) {
    const after = q(SQL.derivedTo).pluck().get() as number;
    const rows = q(SQL.batchesAfter).all(after, chunk) as (BatchRow & { seq: number })[];
    if (!rows.length) return done;
    const stored: Stored[] = [];
    for (const row of rows) stored.push({ seq: row.seq, ...(await derive(row)) });
    write(stored);
    onProgress?.((done += rows.length));
  }
}

export function createSqliteStore(db: Database.Database, options: SqliteStoreOptions = {}): Store & { settle(): void } {
  const q = statementCache(db);
  const later = options.deriveLater;
  const writeDerived = derivedWriter(q);

  // Group commit: the commits asked for while the event loop handles one round
  // of I/O run in one transaction, so rollup rows shared by several batches are
  // written once. Each caller is still answered only after that commit.
  const commitGroup = db.transaction((group: PendingCommit[]) => {
    // A batch stored before (a retry), or by an earlier commit of this group (a racing
    // copy), is not stored again: its deltas were counted then.
    const stored: Stored[] = [];
    const fresh = group.map(({ batch, receipt, deltas, extras }) => {
      const { changes, lastInsertRowid } = q(SQL.insertBatch).run(...batchParams(batch, receipt));
      if (!changes) return 0;
      stored.push({ seq: Number(lastInsertRowid), deltas, extras });
      return batch.count;
    });
    if (!later) writeDerived(stored);
    return { fresh, stored };
  });

  // Derived rows not yet written (deriveLater), oldest first.
  let underived: Stored[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const writeUnderived = db.transaction(writeDerived);
  const settle = () => {
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = immediate = undefined;
    if (!underived.length) return;
    writeUnderived(underived);
    underived = [];
  };
  const settleLater = () => {
    try {
      settle();
    } catch {
      // A full disk, say: they stay for the next try (the batches are stored, and derived again on
      // start). A closed connection (a stop without settle) leaves them to that.
      if (db.open) timer = setTimeout(settleLater, later!.ms);
    }
  };
  const deriveSoon = (stored: Stored[]) => {
    if (!later || !stored.length) return;
    underived.push(...stored);
    // Right after the answers just resolved are sent (their microtasks run first).
    if (underived.length >= later.batches) immediate ??= setImmediate(settleLater);
    else timer ??= setTimeout(settleLater, later.ms);
  };

  const prune = db.transaction((plan: Parameters<Store['prune']>[0]) => {
    const result = { events: 0, rollups: 0, sessions: 0, errorGroups: 0 };
    for (const site of q(LEVELS_SQL.siteIds).pluck().all() as string[]) {
      for (const n of q(LEVELS_SQL.pruneEvents).pluck().all(numbered(site, plan.eventsBefore)) as number[]) result.events += n;
      q(LEVELS_SQL.pruneSessionFeatures).run(numbered(site, plan.sessionsBefore));
      result.sessions += q(LEVELS_SQL.pruneSessions).run(numbered(site, plan.sessionsBefore)).changes;
      q(LEVELS_SQL.pruneErrorSessions).run(numbered(site, plan.sessionsBefore));
      result.errorGroups += q(LEVELS_SQL.pruneErrorGroups).run(numbered(site, plan.sessionsBefore)).changes;
    }
    for (const [res, before] of Object.entries(plan.rollupsBefore)) {
      const level = pruneStatements(Number(res) as Resolution);
      result.rollups += q(level.rows).run(numbered(before)).changes;
      q(level.bins).run(numbered(before));
      q(LEVELS_SQL.recordPruned).run(numbered(Number(res), before));
    }
    return result;
  });

  const sitesByKey = new Map<string, Site>();

  let pending: PendingCommit[] = [];
  const flush = () => {
    const group = pending;
    pending = [];
    try {
      const { fresh, stored } = commitGroup(group);
      deriveSoon(stored);
      fresh.forEach((n, i) => group[i].resolve(n));
    } catch {
      // One bad commit must not fail the others: retry each on its own.
      for (const g of group) {
        try {
          const { fresh, stored } = commitGroup([g]);
          deriveSoon(stored);
          g.resolve(fresh[0]);
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
    ...sqliteHealthAndChecks(db, q),
    ...sqliteAlerts(db, q),
    ...sqliteSnapshots(q),
    backlog: () => pending.length,
    settle,
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
      // Every ingested batch looks its site up. Sites are never changed or removed, so
      // one found is kept; a key not found is asked again (another process may add it).
      let site = sitesByKey.get(key);
      if (!site) {
        const row = q(SQL.siteByKey).get(key) as SiteRow | undefined;
        if (!row) return null;
        sitesByKey.set(key, (site = toSite(row)));
      }
      return site;
    },
    async createToken(token, hash, createdAt) {
      q(SQL.insertToken).run(token.id, hash, token.role, token.name, createdAt);
    },
    async findTokenByHash(hash) {
      return (q(SQL.tokenByHash).get(hash) as Token | undefined) ?? null;
    },
    commit(batch, receipt, { deltas, extras } = derivedOf(batch)) {
      return new Promise((resolve, reject) => {
        if (pending.push({ batch, deltas, receipt, extras, resolve, reject }) === 1) setImmediate(flush);
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
    async vitalSamples(f) {
      return q(SQL.vitalSamples).all(numbered(f.siteId, f.from, f.to, f.route, f.metric, f.limit)) as { t: number; body: string }[];
    },
    async rollupLevels() {
      return q(LEVELS_SQL.levels).all() as RollupLevel[];
    },
    async compactRollups(from, res, fromBucket, toBucket) {
      // One statement at a time, letting ingest commit in between, so a day's compaction
      // does not hold the event loop for seconds. Safe: each statement recomputes (replaces)
      // its rows, and only the last one records the level as complete, which reads wait for.
      for (const sql of compactionStatements(from, res)) {
        q(sql).run(numbered(fromBucket, toBucket));
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    async prune(plan) {
      return prune(plan);
    },
    async dimensionValues(siteId, kind) {
      return q(LEVELS_SQL.dimensionValues).pluck().all(numbered(siteId, kind)) as string[];
    },
    async addDimensionValues(siteId, kind, values, at) {
      q(LEVELS_SQL.addDimensionValues).run(numbered(siteId, kind, at, JSON.stringify(values)));
    },
    async errorGroups(siteId, fingerprints) {
      const rows = q(EXTRAS_SQL.errorGroups).all(numbered(siteId, fingerprints ? JSON.stringify(fingerprints) : null)) as ErrorGroupSqlRow[];
      return rows.map(toErrorGroup);
    },
    async sessionStats(siteId, from, to) {
      return q(EXTRAS_SQL.sessionStats).get(numbered(siteId, from, to)) as Awaited<ReturnType<Store['sessionStats']>>;
    },
    async returningUsers(siteId, before, after) {
      const row = q(EXTRAS_SQL.returningUsers).get(numbered(siteId, ...before, ...after)) as { earlier: number; returned: number };
      return { before: row.earlier, returned: row.returned };
    },
    async featureUsers(siteId, from, to) {
      return q(EXTRAS_SQL.featureUsers).all(numbered(siteId, from, to)) as Awaited<ReturnType<Store['featureUsers']>>;
    },
  };
}
