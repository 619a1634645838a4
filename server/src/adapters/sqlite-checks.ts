// The health and synthetic-check Store methods on SQLite (better-sqlite3),
// spread into the store by createSqliteStore.
import type Database from 'better-sqlite3';
import type { HealthStore, CheckStore } from '../ports';
import { SQL } from './sql';
import { CHECK_SQL as C, claimParams, recordParams, toCheckRun, toCheckState, toStoredCheck, upsertParams, type CheckRow, type RunRow, type StateRow } from './sql-checks';

type Query = (sql: string) => Database.Statement;

export function sqliteHealthAndChecks(db: Database.Database, q: Query): Omit<HealthStore, 'backlog'> & CheckStore {
  const put = db.transaction((params: ReturnType<typeof upsertParams>) => {
    q(C.upsertCheck).run(...params);
    q(C.insertState).run(params[0], params[7]);
  });
  const remove = db.transaction((id: string) => {
    q(C.deleteRuns).run(id);
    q(C.deleteState).run(id);
    return q(C.deleteCheck).run(id).changes === 1;
  });
  const record = db.transaction((p: ReturnType<typeof recordParams>) => {
    if (q(C.insertRun).run(...p.run).changes === 0) return; // deleted meanwhile
    q(C.updateState).run(...p.state);
    q(C.pruneRuns).run(...p.prune);
  });

  return {
    async beat(name, at) {
      q(C.beat).run(name, at);
    },
    async lastBeat(name) {
      return (q(C.lastBeat).pluck().get(name) as number | undefined) ?? null;
    },
    async databaseBytes() {
      return q('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number;
    },
    async lastEvent(siteId) {
      return (q(C.lastEvent).get(siteId) as { t: number; receivedAt: number } | undefined) ?? null;
    },
    async appliedMigrations() {
      return q(SQL.appliedMigrations).pluck().all() as string[];
    },

    async listChecks(siteId) {
      const rows = (siteId === undefined ? q(C.listChecks).all() : q(C.listSiteChecks).all(siteId)) as CheckRow[];
      return rows.map(toStoredCheck);
    },
    async getCheck(id) {
      const row = q(C.getCheck).get(id) as CheckRow | undefined;
      return row ? toStoredCheck(row) : null;
    },
    async putCheck(check, source, now) {
      put(upsertParams(check, source, now));
    },
    async deleteCheck(id) {
      return remove(id);
    },
    async claimDueChecks(now) {
      const states = (q(C.claimDue).all(...claimParams(now)) as StateRow[]).map(toCheckState);
      if (!states.length) return [];
      const checks = (q(C.checksByIds).all(JSON.stringify(states.map((s) => s.checkId))) as CheckRow[]).map(toStoredCheck);
      return states.flatMap((state) => {
        const check = checks.find((c) => c.id === state.checkId);
        return check ? [{ check, state }] : [];
      });
    },
    async recordCheckRun(run, state, keepAfter) {
      record(recordParams(run, state, keepAfter));
    },
    async checkStates(ids) {
      const rows = (ids === undefined ? q(C.allStates).all() : q(C.statesByIds).all(JSON.stringify(ids))) as StateRow[];
      return rows.map(toCheckState);
    },
    async checkRuns(id, limit) {
      return (q(C.runs).all(id, limit) as RunRow[]).map(toCheckRun);
    },
    async checkCounts(id, from, to) {
      return q(C.counts).get(id, from, to) as { total: number; ok: number };
    },
  };
}
