// The levels of rollup rows (minute, hour, day): compaction from one to the next,
// and retention. Rollup rows of every level share one table keyed (res, bucket,
// site, metric, …): compaction reads and appends time ranges. Resolutions are
// written into the text (they come from a fixed set) so integer division stays
// integer whatever the binding.
import {
  DIMENSIONS,
  type LevelStore,
  type PruneResult,
  type Resolution,
  type SqlExecutor,
  type Statement,
} from '../ports';

const KEY = 'site_id, res, bucket, metric, route, platform, frame, device, country, dim';
const CONFLICT = '(site_id, metric, res, bucket, route, platform, frame, device, country, dim)';
const SUMS = 'SUM(count), SUM(sum), SUM(good), SUM(ni), SUM(poor)';
// Compaction recomputes whole periods, so it replaces rather than adds: running it twice is harmless.
const REPLACE =
  'count = excluded.count, sum = excluded.sum, good = excluded.good, ni = excluded.ni, poor = excluded.poor';

/**
 * Metrics whose `dim` holds something (shared/metrics.ts): the error group, the
 * status class, the query template or error kind, the LTI platform, FAQ hit/miss.
 * The others have dim '' and, being browser metrics, an LMS platform instead.
 */
const DIM_METRICS = { names: ['errors'], prefixes: ['request.', 'db.', 'lti.', 'feature.', 'launch.'] };

export function hasDim(metricOrPrefix: string): boolean {
  return (
    DIM_METRICS.names.includes(metricOrPrefix) ||
    DIM_METRICS.prefixes.some((p) => metricOrPrefix.startsWith(p))
  );
}
const HAS_DIM_SQL = (column: string) =>
  `(${[...DIM_METRICS.names.map((n) => `${column} = '${n}'`), ...DIM_METRICS.prefixes.map((p) => `${column} GLOB '${p}*'`)].join(' OR ')})`;

/**
 * Day rows come with projections: the same sums with all dimensions but these
 * set to '', under the metric name `@<name>:<metric>` (no real metric starts
 * with `@`). A long-range read that filters or groups by at most these
 * dimensions reads a few projection rows instead of every combination; others
 * (by device, by country) read the full rows. Each projection costs a pass over
 * the day's rows at compaction and rows to store, so there are few, and only
 * where they differ: by dim for metrics with one, by LMS platform and frame for the others.
 */
export const PROJECTIONS = [
  { name: '', dims: [], forDim: null },
  { name: 'route', dims: ['route'], forDim: null },
  { name: 'dim', dims: ['dim'], forDim: true },
  { name: 'route+dim', dims: ['route', 'dim'], forDim: true },
  // The extension's question: this route's vitals on this LMS (and per-LMS breakdowns); and the
  // dashboard's: the tool frame or the LMS page (issue 20). Frame has two values, so it at most
  // doubles these rows; its name stays, so day rows projected before frames existed (frame '') still answer.
  { name: 'route+platform', dims: ['route', 'platform', 'frame'], forDim: false },
] as const;

/** Whether day rows of this metric (or metric prefix) have this projection. */
export const hasProjection = (p: (typeof PROJECTIONS)[number], metric: string) =>
  p.forDim === null || p.forDim === hasDim(metric);

function checkRes(...values: number[]) {
  for (const v of values) if (![1, 60, 1440].includes(v)) throw new Error(`not a rollup resolution: ${v}`);
}

/**
 * The statements of one compaction, in order (run one by one, each
 * recomputing its rows, the level recorded last): ?1 and ?2 are the
 * first and the end (exclusive) bucket. Hours are their minute rows summed, days
 * their hour rows summed, then the day's projections are summed from the new day
 * rows. Last, the level is recorded as complete up to ?2.
 */
export function compactionStatements(from: Resolution, res: Resolution): string[] {
  checkRes(from, res);
  if (!((from === 1 && res === 60) || (from === 60 && res === 1440)))
    throw new Error(`no compaction from ${from} to ${res}`);
  const upsert = (
    bin: boolean,
    select: string,
  ) => `INSERT INTO ${bin ? 'rollup_bins' : 'rollups'} (${KEY}, ${bin ? 'bin, count' : 'count, sum, good, ni, poor'})
    SELECT * FROM (${select}) WHERE true
    ON CONFLICT ${bin ? CONFLICT.replace(')', ', bin)') : CONFLICT} DO UPDATE SET ${bin ? 'count = excluded.count' : REPLACE}`;
  const values = (bin: boolean) => (bin ? 'bin, SUM(count)' : SUMS);
  const rows = (level: Resolution, bin: boolean) =>
    `FROM ${bin ? 'rollup_bins' : 'rollups'} WHERE res = ${level} AND bucket >= ?1 AND bucket < ?2`;
  const sum = (bin: boolean) =>
    upsert(
      bin,
      `SELECT site_id, ${res}, bucket / ${res} * ${res} AS b, metric, route, platform, frame, device, country, dim, ${values(bin)}
    ${rows(from, bin)} GROUP BY site_id, b, metric, route, platform, frame, device, country, dim${bin ? ', bin' : ''}`,
    );
  const done = `UPDATE rollup_levels SET complete_to = ?2 WHERE res = ${res} AND ?1 <= ?2`;
  if (res === 60) return [sum(false), sum(true), done];
  // One statement per projection: D1 allows few terms in a compound SELECT.
  const projection = (p: (typeof PROJECTIONS)[number], bin: boolean) => {
    const dims = DIMENSIONS.map((d) => ((p.dims as readonly string[]).includes(d) ? d : "''")).join(', ');
    const groups = ['site_id', 'bucket', 'metric', ...p.dims, ...(bin ? ['bin'] : [])].join(', ');
    const which = p.forDim === null ? '' : ` AND ${p.forDim ? '' : 'NOT '}${HAS_DIM_SQL('metric')}`;
    return upsert(
      bin,
      `SELECT site_id, 1440, bucket, '@${p.name}:' || metric, ${dims}, ${values(bin)}
      ${rows(1440, bin)} AND substr(metric, 1, 1) <> '@'${which} GROUP BY ${groups}`,
    );
  };
  return [
    sum(false),
    sum(true),
    ...PROJECTIONS.flatMap((p) => [projection(p, false), projection(p, true)]),
    done,
  ];
}

/** Retention of one level, ?1 the line (epoch minute): a time range of each table. */
export function pruneStatements(res: Resolution): { rows: string; bins: string } {
  checkRes(res);
  const of = (table: string) => `DELETE FROM ${table} WHERE res = ${res} AND bucket < ?1`;
  return { rows: of('rollups'), bins: of('rollup_bins') };
}

export const LEVELS_SQL = {
  levels: `SELECT res, complete_to AS completeTo, pruned_to AS prunedTo,
    (SELECT MIN(bucket) FROM rollups AS r WHERE r.res = l.res) AS earliest FROM rollup_levels AS l ORDER BY res`,
  recordPruned: 'UPDATE rollup_levels SET pruned_to = ?2 WHERE res = ?1',
  /** ?1 site, ?2 before (ms): raw batches are kept by when they arrived; each removed one says how many events it held. */
  pruneEvents: 'DELETE FROM batches WHERE site_id = ?1 AND received_at < ?2 RETURNING count',
  pruneSessionFeatures: `DELETE FROM session_features WHERE (site_id, session) IN
    (SELECT site_id, session FROM sessions WHERE site_id = ?1 AND last_t < ?2)`,
  pruneSessions: 'DELETE FROM sessions WHERE site_id = ?1 AND last_t < ?2',
  pruneErrorSessions: `DELETE FROM error_sessions WHERE (site_id, fingerprint) IN
    (SELECT site_id, fingerprint FROM error_groups WHERE site_id = ?1 AND last_seen < ?2)`,
  pruneErrorGroups: 'DELETE FROM error_groups WHERE site_id = ?1 AND last_seen < ?2',
  siteIds: 'SELECT id FROM sites',
} as const;

/** Lets other work run (HTTP on Node's main thread, a commit elsewhere) between long statements. */
const yieldNow = () => new Promise((resolve) => setTimeout(resolve, 0));

export function levelStore(exec: SqlExecutor): LevelStore {
  return {
    async rollupLevels() {
      return exec.all(LEVELS_SQL.levels);
    },
    async compactRollups(from, res, fromBucket, toBucket) {
      // One statement at a time, so a day's compaction holds neither the event loop nor
      // the writer for seconds. Safe: each statement recomputes (replaces) its rows, and
      // only the last one records the level as complete, which reads wait for.
      for (const sql of compactionStatements(from, res)) {
        await exec.run(sql, fromBucket, toBucket);
        await yieldNow();
      }
    },
    async prune(plan) {
      const sites = (await exec.all<{ id: string }>(LEVELS_SQL.siteIds)).map((s) => s.id);
      const perSite = sites.flatMap((id): Statement[] => [
        [LEVELS_SQL.pruneEvents, [id, plan.eventsBefore]],
        [LEVELS_SQL.pruneSessionFeatures, [id, plan.sessionsBefore]],
        [LEVELS_SQL.pruneSessions, [id, plan.sessionsBefore]],
        [LEVELS_SQL.pruneErrorSessions, [id, plan.sessionsBefore]],
        [LEVELS_SQL.pruneErrorGroups, [id, plan.sessionsBefore]],
      ]);
      const levels = Object.entries(plan.rollupsBefore).flatMap(([res, before]): Statement[] => [
        [pruneStatements(Number(res) as Resolution).rows, [before]],
        [pruneStatements(Number(res) as Resolution).bins, [before]],
        [LEVELS_SQL.recordPruned, [Number(res), before]],
      ]);
      // One transaction.
      const done = await exec.batch([...perSite, ...levels]);
      const result: PruneResult = { events: 0, rollups: 0, sessions: 0, errorGroups: 0 };
      sites.forEach((_, i) => {
        for (const r of done[i * 5].rows as { count: number }[]) result.events += r.count;
        result.sessions += done[i * 5 + 2].changes;
        result.errorGroups += done[i * 5 + 4].changes;
      });
      for (let i = 0; i < levels.length; i += 3) result.rollups += done[perSite.length + i].changes;
      if (plan.logsBefore !== undefined) result.logs = await pruneLogs(exec, sites, plan.logsBefore);
      return result;
    },
  };
}

/** Removes log lines (migration 0015) written before `before`, and the cap's days before its day; how many lines went. */
async function pruneLogs(exec: SqlExecutor, sites: string[], before: number): Promise<number> {
  const day = Math.floor(before / 86_400_000);
  const done = await exec.batch(
    sites.flatMap((id): Statement[] => [
      // RETURNING: D1's `changes` counts the full-text index's rows the trigger removes too.
      ['DELETE FROM logs WHERE site_id = ?1 AND t < ?2 RETURNING seq', [id, before]],
      ['DELETE FROM log_usage WHERE site_id = ?1 AND day < ?2', [id, day - 1]],
    ]),
  );
  return done.reduce((n, r, i) => n + (i % 2 ? 0 : r.rows.length), 0);
}
