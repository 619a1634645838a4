// The raw log of batches, and the commit of one batch: the batch and its derived
// rows in one transaction. The Node runtime commits through its group commit
// instead (sqlite-group-commit.ts); this is the commit on D1, and anywhere else.
import { MAX_AGE, MAX_SKEW_FUTURE } from '../core/rollup';
import type { BatchRow, BatchStore, Derived, SqlExecutor } from '../ports';
import { ERROR_GROUP_SQL, errorRow } from './error-groups';
import { QUERY_PLAN_SQL, queryPlanRow } from './insights';
import { LAUNCH_SQL, launchPartRow } from './launches';
import { releaseStatements } from './releases';
import { logStatements } from './logs';
import { deltaRow, ROLLUP_SQL } from './rollups';
import { SESSION_SQL, sessionRow } from './sessions';

export const BATCH_SQL = {
  /** A batch, unless one with its key is stored: no change then. */
  insertBatch: `INSERT OR IGNORE INTO batches (site_id, key, receipt, received_at, t, count, source, session, route, platform, frame, device, country, user_key, launch, release, events)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  countEvents: 'SELECT COALESCE(SUM(count), 0) AS n FROM batches WHERE site_id = ?',
  /** One step down the (site_id, received_at) index. */
  lastReceivedAt: 'SELECT MAX(received_at) AS at FROM batches WHERE site_id = ?',
  // Batches are read by arrival: an event of time t arrived within the window rollup.ts trusts, or it is left out.
  vitalSamples: `SELECT e.value ->> 't' AS t, e.value AS body FROM batches AS b, json_each(b.events) AS e
    WHERE b.site_id = ?1 AND b.received_at BETWEEN ?2 - ${MAX_SKEW_FUTURE} AND ?3 + ${MAX_AGE} AND b.source = 'browser' AND b.route = ?4
      AND e.value ->> 'kind' = 'vital' AND e.value ->> 'name' = ?5 AND e.value ->> 't' BETWEEN ?2 AND ?3
    ORDER BY b.received_at DESC, e.key DESC LIMIT ?6`,
} as const;

/** A batch stored by `receipt`, as `insertBatch` binds it. */
export const batchParams = (b: BatchRow, receipt: string) => [
  b.siteId,
  b.key,
  receipt,
  b.receivedAt,
  b.t,
  b.count,
  b.source,
  b.session,
  b.route,
  b.platform,
  b.frame,
  b.device,
  b.country,
  b.user,
  b.launch ?? '',
  b.release ?? '',
  b.events,
];

/**
 * The commit of one batch as one transaction. A transaction on D1 answers nothing
 * until all of it has run, so each derived statement checks in SQL that this
 * receipt stored the batch (rollups.ts FRESH): a retry or a racing copy adds nothing.
 * Its rows go as JSON parameters: a batch's (at most 500 events, 64 KiB of them)
 * stay far under D1's 2 MB per value and 100 parameters per statement.
 */
export function commitStatements(
  batch: BatchRow,
  receipt: string,
  { deltas, sessions = [], errors = [], launches = [], plans = [], logs, release }: Derived,
) {
  const fresh = (sql: string, rows: string[]) =>
    [sql, [receipt, `[${rows.join(',')}]`, batch.siteId, batch.key]] as const;
  const deltaRows = deltas.map(deltaRow);
  const sessionRows = sessions.map(sessionRow);
  const errorRows = errors.map(errorRow);
  return [
    [BATCH_SQL.insertBatch, batchParams(batch, receipt)] as const,
    fresh(ROLLUP_SQL.upsertRollupsJson, deltaRows),
    fresh(ROLLUP_SQL.upsertBinsJson, deltaRows),
    ...(sessionRows.length
      ? [
          fresh(SESSION_SQL.upsertSessionsJson, sessionRows),
          fresh(SESSION_SQL.upsertSessionFeaturesJson, sessionRows),
        ]
      : []),
    ...(errorRows.length
      ? [
          fresh(ERROR_GROUP_SQL.upsertErrorGroupsJson, errorRows),
          fresh(ERROR_GROUP_SQL.upsertErrorSessionsJson, errorRows),
        ]
      : []),
    ...(launches.length ? [fresh(LAUNCH_SQL.upsertPartsJson, launches.map(launchPartRow))] : []),
    ...(plans.length ? [fresh(QUERY_PLAN_SQL.upsertJson, plans.map(queryPlanRow))] : []),
    ...(release ? releaseStatements(release, fresh) : []),
    ...(logs ? logStatements(receipt, batch.siteId, batch.key, logs) : []),
  ];
}

/** `derive` makes a batch's records when the commit is given none (with the cardinality fold). */
export function batchStore(exec: SqlExecutor, derive: (batch: BatchRow) => Promise<Derived>): BatchStore {
  return {
    async commit(batch, receipt, derived) {
      const [inserted] = await exec.batch(commitStatements(batch, receipt, derived ?? (await derive(batch))));
      return inserted.changes > 0 ? batch.count : 0;
    },
    async countEvents(siteId) {
      return (await exec.get<{ n: number }>(BATCH_SQL.countEvents, siteId))?.n ?? 0;
    },
    async lastReceivedAt(siteId) {
      return (await exec.get<{ at: number | null }>(BATCH_SQL.lastReceivedAt, siteId))?.at ?? null;
    },
    async vitalSamples(f) {
      return exec.all(BATCH_SQL.vitalSamples, f.siteId, f.from, f.to, f.route, f.metric, f.limit);
    },
  };
}
