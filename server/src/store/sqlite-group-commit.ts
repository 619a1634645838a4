// Node's commit (SQLite only): a group commit. The commits asked for while the
// event loop handles one round of I/O run in one transaction, each answered once
// its batch is stored; with `deriveLater`, the derived rows (rollups, sessions,
// error groups) of several batches follow in one later transaction, and a crash in
// between loses none: `rederive` replays them on start. It runs on the commit
// thread (sqlite-commit-worker.ts), or in-process (node-store.ts `commitThread: false`).
import type Database from 'better-sqlite3';
import { aggregateDeltas } from '../core/rollup';
import { aggregateErrors, aggregateSessions } from '../core/sessions-and-errors';
import type { BatchRow, Derived, ErrorDelta, SessionDelta, Store } from '../ports';
import { BATCH_SQL, batchParams } from './batches';
import { ERROR_GROUP_SQL } from './error-groups';
import { QUERY_PLAN_SQL, queryPlanParams } from './insights';
import { LAUNCH_SQL, launchPartParams } from './launches';
import { writeLogLines } from './logs';
import { releaseParams } from './releases';
import { ROLLUP_SQL, rollupKeyParams } from './rollups';
import { SESSION_SQL } from './sessions';
import { statementCache } from './sqlite';

const SQL = {
  /** The last batch (seq) whose rollups, sessions and error groups are stored (migration 0010). */
  derivedTo: 'SELECT batches_to AS seq FROM derived_state WHERE id = 1',
  setDerivedTo: 'UPDATE derived_state SET batches_to = ? WHERE id = 1',
  /** Stored batches after seq ?1, in order, at most ?2: the ones to derive again on start. */
  batchesAfter: `SELECT seq, site_id AS siteId, key, received_at AS receivedAt, t, count, source, session, route, platform, frame, device, country, user_key AS user, launch, release, events
    FROM batches WHERE seq > ? ORDER BY seq LIMIT ?`,
} as const;

type Run = (sql: string, ...params: unknown[]) => Database.RunResult;

/** Runs statements of the cache by their text. */
function runner(db: Database.Database): Run {
  const q = statementCache(db);
  return (sql, ...params) => {
    const p = q(sql);
    return p.statement.run(...p.bind(params));
  };
}

/**
 * Sessions and error groups of new events, summed, one upsert per row; call it in
 * the transaction that stores the events (the group commit, or a generator writing
 * straight into the file, like seed-demo and bench-query).
 */
export function sessionAndErrorWriter(db: Database.Database) {
  const run = runner(db);
  return (sessions: SessionDelta[], errors: ErrorDelta[]) => {
    for (const u of aggregateSessions(sessions)) {
      run(SESSION_SQL.upsertSession, u.siteId, u.session, u.user, u.firstT, u.lastT, u.pageviews, u.events);
      for (const [name, n] of u.features) run(SESSION_SQL.upsertSessionFeature, u.siteId, u.session, name, n);
    }
    for (const u of aggregateErrors(errors)) {
      run(
        ERROR_GROUP_SQL.upsertErrorGroup,
        u.siteId,
        u.fingerprint,
        u.type,
        u.title,
        u.message,
        u.frame,
        u.stack,
        u.count,
        u.firstSeen,
        u.lastSeen,
        JSON.stringify(u.routes),
      );
      for (const [reg, rho] of u.registers)
        run(ERROR_GROUP_SQL.upsertErrorSession, u.siteId, u.fingerprint, reg, rho);
    }
  };
}

/** A batch just stored, and what it adds to rollups, sessions, error groups and launches. */
interface Stored extends Derived {
  seq: number;
}

/** Adds derived rows and moves `derived_state.batches_to` to the last batch they come from. */
function derivedWriter(db: Database.Database) {
  const run = runner(db);
  const q = statementCache(db);
  const get = (sql: string, ...params: unknown[]) => {
    const p = q(sql);
    return p.statement.get(...p.bind(params)) as { bytes: number };
  };
  const writeSessionsAndErrors = sessionAndErrorWriter(db);
  return (stored: Stored[]) => {
    if (!stored.length) return;
    for (const u of aggregateDeltas(stored.flatMap((s) => s.deltas))) {
      const k = rollupKeyParams(u.key);
      run(ROLLUP_SQL.upsertRollup, ...k, u.count, u.sum, u.good, u.ni, u.poor);
      for (const [bin, count] of u.bins) run(ROLLUP_SQL.upsertBin, ...k, bin, count);
    }
    writeSessionsAndErrors(
      stored.flatMap((s) => s.sessions ?? []),
      stored.flatMap((s) => s.errors ?? []),
    );
    for (const s of stored)
      for (const p of s.launches ?? []) run(LAUNCH_SQL.upsertPart, ...launchPartParams(p));
    for (const s of stored) for (const p of s.plans ?? []) run(QUERY_PLAN_SQL.upsert, ...queryPlanParams(p));
    for (const s of stored) if (s.release) for (const [sql, ...p] of releaseParams(s.release)) run(sql, ...p);
    for (const s of stored) if (s.logs) writeLogLines(run, get, s.logs);
    run(SQL.setDerivedTo, stored[stored.length - 1].seq);
  };
}

/**
 * Derives again every batch stored after `derived_state.batches_to` (their derived
 * rows were not written: the process stopped in between), in order, `chunk` batches
 * per transaction. `derive` makes a stored batch's records (core/derive.ts
 * `derivedOf`, with the cardinality fold the live path applies). Run it before
 * anything commits. Returns how many batches it derived.
 */
export async function rederive(
  db: Database.Database,
  derive: (row: BatchRow) => Promise<Derived>,
  onProgress?: (done: number) => void,
  chunk = 1_000,
): Promise<number> {
  const write = db.transaction(derivedWriter(db));
  const after = db.prepare(SQL.derivedTo).pluck();
  const batches = db.prepare(SQL.batchesAfter);
  let done = 0;
  for (;;) {
    const rows = batches.all(after.get(), chunk) as (BatchRow & { seq: number })[];
    if (!rows.length) return done;
    const stored: Stored[] = [];
    for (const row of rows) stored.push({ seq: row.seq, ...(await derive(row)) });
    write(stored);
    // Counted apart from the call: `onProgress?.(done += n)` skips the addition without a callback.
    done += rows.length;
    onProgress?.(done);
  }
}

/**
 * At 100,000 events/s, 8 batches' derived rows share one transaction every 4 ms: half the
 * commit thread's time and a third of the p99 latency went to writing them per batch
 * (docs/benchmarks.md). 16 or 32 batches wrote fewer pages but held commits longer.
 */
export const DERIVE_LATER = { batches: 8, ms: 5 };

/**
 * Waits until every batch stored in the file has its derived rows (tests and tools
 * reading a running server's file: it answers a batch first, and derives it a few ms
 * later), at most `tries` × 10 ms. True once there is nothing left to derive.
 */
export async function derivedSettled(db: Database.Database, tries = 100): Promise<boolean> {
  const underived = db
    .prepare('SELECT EXISTS (SELECT 1 FROM batches WHERE seq > (SELECT batches_to FROM derived_state))')
    .pluck();
  for (let i = 0; i < tries && underived.get() === 1; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return underived.get() === 0;
}

export interface GroupCommitOptions {
  /** A batch's records (core/derive.ts `derivedOf` with the cardinality fold), when a commit is given none. */
  derive: (batch: BatchRow) => Promise<Derived>;
  /**
   * Answer a commit once its batch is stored, and add the derived rows of up to
   * `batches` stored batches, or of those stored in `ms`, in one later transaction.
   * They share their pages, so far fewer are written per batch, and no batch waits
   * for them. `settle()` adds them at once. Without it, a commit adds its derived
   * rows in the transaction that stores its batch.
   */
  deriveLater?: { batches: number; ms: number };
}

export interface GroupCommit {
  commit: Store['commit'];
  /** Writes the derived rows not yet written, now. */
  settle(): void;
  /** Commits asked for and not yet answered. */
  backlog(): number;
}

interface PendingCommit {
  batch: BatchRow;
  receipt: string;
  derived: Derived;
  resolve: (fresh: number) => void;
  reject: (error: unknown) => void;
}

export function createGroupCommit(db: Database.Database, options: GroupCommitOptions): GroupCommit {
  const run = runner(db);
  const later = options.deriveLater;
  const writeDerived = derivedWriter(db);

  const commitGroup = db.transaction((group: PendingCommit[]) => {
    // A batch stored before (a retry), or by an earlier commit of this group (a racing
    // copy), is not stored again: its records were counted then.
    const stored: Stored[] = [];
    const fresh = group.map(({ batch, receipt, derived }) => {
      const { changes, lastInsertRowid } = run(BATCH_SQL.insertBatch, ...batchParams(batch, receipt));
      if (!changes) return 0;
      stored.push({ seq: Number(lastInsertRowid), ...derived });
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

  return {
    async commit(batch, receipt, derived) {
      const records = derived ?? (await options.derive(batch));
      return new Promise((resolve, reject) => {
        if (pending.push({ batch, receipt, derived: records, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    settle,
    backlog: () => pending.length,
  };
}
