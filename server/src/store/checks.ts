// Synthetic checks: their definitions, the state each is in (claimed by one
// scheduler at a time) and their runs. Lists of ids go in as one JSON parameter.
import type { Check } from '../../../shared/checks';
import type { CheckRun, CheckState, CheckStore, SqlExecutor, StoredCheck } from '../ports';

const STATE_COLUMNS = `check_id, status, consecutive_failures, consecutive_successes, since,
  last_at, last_ok, last_status, last_latency_ms, last_error, next_run_at`;
const CHECK_COLUMNS = 'id, source, config, created_at, updated_at';

export const CHECK_SQL = {
  listChecks: `SELECT ${CHECK_COLUMNS} FROM checks ORDER BY site_id, name, id`,
  listSiteChecks: `SELECT ${CHECK_COLUMNS} FROM checks WHERE site_id = ? ORDER BY name, id`,
  getCheck: `SELECT ${CHECK_COLUMNS} FROM checks WHERE id = ?`,
  checksByIds: `SELECT ${CHECK_COLUMNS} FROM checks WHERE id IN (SELECT value FROM json_each(?))`,
  // An unchanged check keeps its updated_at. (Anonymous parameters only: better-sqlite3 does not reuse ?NNN.)
  upsertCheck: `INSERT INTO checks (id, site_id, name, source, enabled, interval_ms, config, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name, source = excluded.source,
      enabled = excluded.enabled, interval_ms = excluded.interval_ms, config = excluded.config, updated_at = excluded.updated_at
    WHERE checks.config <> excluded.config OR checks.source <> excluded.source`,
  // id, first due time.
  insertState: `INSERT INTO check_state (check_id, status, consecutive_failures, consecutive_successes, next_run_at)
    VALUES (?, 'unknown', 0, 0, ?) ON CONFLICT (check_id) DO NOTHING`,
  deleteRuns: 'DELETE FROM check_runs WHERE check_id = ?',
  deleteState: 'DELETE FROM check_state WHERE check_id = ?',
  deleteCheck: 'DELETE FROM checks WHERE id = ?',

  // now, three times. One statement, so atomic: a check is claimed by one scheduler only. The
  // next slot stays on the check's grid (no drift) unless it fell behind, then it restarts from now.
  claimDue: `UPDATE check_state SET next_run_at = (
      SELECT CASE WHEN check_state.next_run_at + c.interval_ms > ? THEN check_state.next_run_at + c.interval_ms ELSE ? + c.interval_ms END
      FROM checks AS c WHERE c.id = check_state.check_id)
    WHERE next_run_at <= ? AND check_id IN (SELECT id FROM checks WHERE enabled = 1)
    RETURNING ${STATE_COLUMNS}`,
  // check, at, ok, status, latency, error, check again.
  insertRun: `INSERT OR REPLACE INTO check_runs (check_id, at, ok, status, latency_ms, error)
    SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM checks WHERE id = ?)`,
  updateState: `UPDATE check_state SET status = ?, consecutive_failures = ?, consecutive_successes = ?, since = ?,
    last_at = ?, last_ok = ?, last_status = ?, last_latency_ms = ?, last_error = ? WHERE check_id = ?`,
  pruneRuns: 'DELETE FROM check_runs WHERE check_id = ? AND at < ?',

  allStates: `SELECT ${STATE_COLUMNS} FROM check_state ORDER BY check_id`,
  statesByIds: `SELECT ${STATE_COLUMNS} FROM check_state WHERE check_id IN (SELECT value FROM json_each(?)) ORDER BY check_id`,
  /** ?1 check, ?2 runs before this time (a page's cursor; null for the newest), ?3 limit. */
  runs: `SELECT check_id, at, ok, status, latency_ms, error FROM check_runs
    WHERE check_id = ?1 AND (?2 IS NULL OR at < ?2) ORDER BY at DESC LIMIT ?3`,
  counts:
    'SELECT COUNT(*) AS total, COALESCE(SUM(ok), 0) AS ok FROM check_runs WHERE check_id = ? AND at BETWEEN ? AND ?',
} as const;

interface CheckRow {
  id: string;
  source: StoredCheck['source'];
  config: string;
  created_at: number;
  updated_at: number;
}

const toStoredCheck = (r: CheckRow): StoredCheck => ({
  ...(JSON.parse(r.config) as Check),
  source: r.source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

interface StateRow {
  check_id: string;
  status: CheckState['status'];
  consecutive_failures: number;
  consecutive_successes: number;
  since: number | null;
  last_at: number | null;
  last_ok: number | null;
  last_status: number | null;
  last_latency_ms: number | null;
  last_error: string | null;
  next_run_at: number;
}

const toCheckState = (r: StateRow): CheckState => ({
  checkId: r.check_id,
  status: r.status,
  consecutiveFailures: r.consecutive_failures,
  consecutiveSuccesses: r.consecutive_successes,
  since: r.since,
  lastRun:
    r.last_at === null
      ? null
      : {
          at: r.last_at,
          ok: r.last_ok === 1,
          status: r.last_status,
          latencyMs: r.last_latency_ms ?? 0,
          error: r.last_error,
        },
  nextRunAt: r.next_run_at,
});

interface RunRow {
  check_id: string;
  at: number;
  ok: number;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

const toCheckRun = (r: RunRow): CheckRun => ({
  checkId: r.check_id,
  at: r.at,
  ok: r.ok === 1,
  status: r.status,
  latencyMs: r.latency_ms,
  error: r.error,
});

/** The parameters of upsertCheck. */
const upsertParams = (check: Check, source: StoredCheck['source'], now: number) =>
  [
    check.id,
    check.site,
    check.name,
    source,
    check.enabled ? 1 : 0,
    check.intervalSeconds * 1000,
    JSON.stringify(check),
    now,
    now,
  ] as const;

/** The parameters of claimDue. */
const claimParams = (now: number) => [now, now, now] as const;

/** The parameters of insertRun, updateState and pruneRuns. */
function recordParams(run: CheckRun, state: CheckState, keepAfter: number) {
  return {
    run: [
      run.checkId,
      run.at,
      run.ok ? 1 : 0,
      run.status,
      Math.round(run.latencyMs),
      run.error,
      run.checkId,
    ] as const,
    state: [
      state.status,
      state.consecutiveFailures,
      state.consecutiveSuccesses,
      state.since,
      run.at,
      run.ok ? 1 : 0,
      run.status,
      Math.round(run.latencyMs),
      run.error,
      run.checkId,
    ] as const,
    prune: [run.checkId, keepAfter] as const,
  };
}

export function checkStore(exec: SqlExecutor): CheckStore {
  const C = CHECK_SQL;
  return {
    async listChecks(siteId) {
      const rows =
        siteId === undefined
          ? await exec.all<CheckRow>(C.listChecks)
          : await exec.all<CheckRow>(C.listSiteChecks, siteId);
      return rows.map(toStoredCheck);
    },
    async getCheck(id) {
      const row = await exec.get<CheckRow>(C.getCheck, id);
      return row ? toStoredCheck(row) : null;
    },
    async putCheck(check, source, now) {
      await exec.batch([
        [C.upsertCheck, upsertParams(check, source, now)],
        [C.insertState, [check.id, now]],
      ]);
    },
    async deleteCheck(id) {
      const [, , deleted] = await exec.batch([
        [C.deleteRuns, [id]],
        [C.deleteState, [id]],
        [C.deleteCheck, [id]],
      ]);
      return deleted.changes === 1;
    },
    async claimDueChecks(now) {
      const states = (await exec.all<StateRow>(C.claimDue, ...claimParams(now))).map(toCheckState);
      if (!states.length) return [];
      const checks = (
        await exec.all<CheckRow>(C.checksByIds, JSON.stringify(states.map((s) => s.checkId)))
      ).map(toStoredCheck);
      return states.flatMap((state) => {
        const check = checks.find((c) => c.id === state.checkId);
        return check ? [{ check, state }] : [];
      });
    },
    async recordCheckRun(run, state, keepAfter) {
      const p = recordParams(run, state, keepAfter);
      // The state update and prune only touch rows of a check that still exists, like insertRun.
      await exec.batch([
        [C.insertRun, p.run],
        [C.updateState, p.state],
        [C.pruneRuns, p.prune],
      ]);
    },
    async checkStates(ids) {
      const rows =
        ids === undefined
          ? await exec.all<StateRow>(C.allStates)
          : await exec.all<StateRow>(C.statesByIds, JSON.stringify(ids));
      return rows.map(toCheckState);
    },
    async checkRuns(id, limit, before) {
      return (await exec.all<RunRow>(C.runs, id, before ?? null, limit)).map(toCheckRun);
    },
    async checkCounts(id, from, to) {
      return (await exec.get<{ total: number; ok: number }>(C.counts, id, from, to)) ?? { total: 0, ok: 0 };
    },
  };
}
