// The health and synthetic-check Store methods on D1, spread into the store by
// createD1Store. Multi-statement writes are one D1 batch: one transaction.
import type { CheckStore, HealthStore } from '../ports';
import { SQL } from './sql';
import { CHECK_SQL as C, claimParams, recordParams, toCheckRun, toCheckState, toStoredCheck, upsertParams, type CheckRow, type RunRow, type StateRow } from './sql-checks';

export function d1HealthAndChecks(db: D1Database): HealthStore & CheckStore {
  const q = (sql: string, ...params: unknown[]) => db.prepare(sql).bind(...params);
  const all = async <T>(sql: string, ...params: unknown[]) => (await q(sql, ...params).all<T>()).results;

  return {
    async beat(name, at) {
      await q(C.beat, name, at).run();
    },
    async lastBeat(name) {
      return (await q(C.lastBeat, name).first<number>('at')) ?? null;
    },
    // D1 has no group-commit queue: each commit is its own batch, answered when durable.
    backlog: () => 0,
    async databaseBytes() {
      // D1 refuses PRAGMA page_count, but reports the database's size with every result.
      return (await db.prepare('SELECT 1').run()).meta.size_after ?? 0;
    },
    async lastEvent(siteId) {
      return (await q(C.lastEvent, siteId).first<{ t: number; receivedAt: number }>()) ?? null;
    },
    async appliedMigrations() {
      return (await all<{ name: string }>(SQL.appliedMigrations)).map((r) => r.name);
    },

    async listChecks(siteId) {
      const rows = siteId === undefined ? await all<CheckRow>(C.listChecks) : await all<CheckRow>(C.listSiteChecks, siteId);
      return rows.map(toStoredCheck);
    },
    async getCheck(id) {
      const row = await q(C.getCheck, id).first<CheckRow>();
      return row ? toStoredCheck(row) : null;
    },
    async putCheck(check, source, now) {
      const params = upsertParams(check, source, now);
      await db.batch([q(C.upsertCheck, ...params), q(C.insertState, check.id, now)]);
    },
    async deleteCheck(id) {
      const results = await db.batch([q(C.deleteRuns, id), q(C.deleteState, id), q(C.deleteCheck, id)]);
      return results[2].meta.changes === 1;
    },
    async claimDueChecks(now) {
      const states = (await all<StateRow>(C.claimDue, ...claimParams(now))).map(toCheckState);
      if (!states.length) return [];
      const checks = (await all<CheckRow>(C.checksByIds, JSON.stringify(states.map((s) => s.checkId)))).map(toStoredCheck);
      return states.flatMap((state) => {
        const check = checks.find((c) => c.id === state.checkId);
        return check ? [{ check, state }] : [];
      });
    },
    async recordCheckRun(run, state, keepAfter) {
      const p = recordParams(run, state, keepAfter);
      // The state update and prune only touch rows of a check that still exists, like insertRun.
      await db.batch([q(C.insertRun, ...p.run), q(C.updateState, ...p.state), q(C.pruneRuns, ...p.prune)]);
    },
    async checkStates(ids) {
      const rows = ids === undefined ? await all<StateRow>(C.allStates) : await all<StateRow>(C.statesByIds, JSON.stringify(ids));
      return rows.map(toCheckState);
    },
    async checkRuns(id, limit) {
      return (await all<RunRow>(C.runs, id, limit)).map(toCheckRun);
    },
    async checkCounts(id, from, to) {
      return (await q(C.counts, id, from, to).first<{ total: number; ok: number }>()) ?? { total: 0, ok: 0 };
    },
  };
}
