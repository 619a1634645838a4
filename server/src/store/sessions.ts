// Sessions: one row per session (user key, first and last event, page views,
// events) and the features (custom event names) each used. A commit adds its
// session deltas (one JSON parameter, counted only if this receipt stored the
// batch) or, in Node's group commit, rows summed in JS; both share the ON CONFLICT merges.
import type {
  SessionDelta,
  SessionReads,
  SessionStats,
  SessionTrendPoint,
  FeatureUsers,
  SqlExecutor,
} from '../ports';
import { FRESH } from './rollups';

export const sessionRow = (d: SessionDelta) =>
  JSON.stringify([d.siteId, d.session, d.user, d.t, d.pageview ? 1 : 0, d.feature ?? null]);
const SESSIONS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS session, value ->> 2 AS user_key,
  value ->> 3 AS t, value ->> 4 AS pageview, value ->> 5 AS feature FROM json_each(?2)`;

const SESSION_UPDATE = `ON CONFLICT (site_id, session) DO UPDATE SET
  user_key = CASE WHEN user_key = '' THEN excluded.user_key ELSE user_key END,
  first_t = MIN(first_t, excluded.first_t), last_t = MAX(last_t, excluded.last_t),
  pageviews = pageviews + excluded.pageviews, events = events + excluded.events`;
const FEATURE_UPDATE = 'ON CONFLICT (site_id, session, name) DO UPDATE SET count = count + excluded.count';

export const SESSION_SQL = {
  /** Node's group commit: one row per session, its new events summed in JS. */
  upsertSession: `INSERT INTO sessions (site_id, session, user_key, first_t, last_t, pageviews, events) VALUES (?, ?, ?, ?, ?, ?, ?) ${SESSION_UPDATE}`,
  upsertSessionFeature: `INSERT INTO session_features (site_id, session, name, count) VALUES (?, ?, ?, ?) ${FEATURE_UPDATE}`,
  /** A commit of one batch: ?1 receipt, ?2 JSON session rows, ?3 site, ?4 batch key. */
  upsertSessionsJson: `INSERT INTO sessions (site_id, session, user_key, first_t, last_t, pageviews, events)
    SELECT site_id, session, MAX(user_key), MIN(t), MAX(t), SUM(pageview), COUNT(*) FROM (${SESSIONS_JSON}) AS d WHERE ${FRESH}
    GROUP BY site_id, session ${SESSION_UPDATE}`,
  upsertSessionFeaturesJson: `INSERT INTO session_features (site_id, session, name, count)
    SELECT site_id, session, feature, COUNT(*) FROM (${SESSIONS_JSON}) AS d WHERE feature IS NOT NULL AND ${FRESH}
    GROUP BY site_id, session, feature ${FEATURE_UPDATE}`,

  /** ?1 site, ?2 from, ?3 to (ms): sessions overlapping the range. */
  sessionStats: `SELECT COUNT(*) AS sessions, COUNT(DISTINCT NULLIF(user_key, '')) AS users,
      COALESCE(SUM(user_key <> ''), 0) AS identified, COALESCE(SUM(last_t - first_t), 0) AS duration, COALESCE(SUM(pageviews), 0) AS pageviews
    FROM sessions WHERE site_id = ?1 AND last_t >= ?2 AND first_t <= ?3`,
  /** ?1 site, ?2 from, ?3 to, ?4 start of the first step, ?5 step (ms): a session counts in the step it started in, or the first. */
  sessionTrend: `SELECT ?4 + CAST((MAX(first_t, ?2) - ?4) / ?5 AS INTEGER) * ?5 AS t, COUNT(*) AS sessions,
      COUNT(DISTINCT NULLIF(user_key, '')) AS users
    FROM sessions WHERE site_id = ?1 AND last_t >= ?2 AND first_t <= ?3 GROUP BY 1 ORDER BY 1`,
  /** ?1 site, ?2 ?3 the earlier range, ?4 ?5 the later one. */
  returningUsers: `WITH earlier AS (
      SELECT DISTINCT user_key FROM sessions WHERE site_id = ?1 AND user_key <> '' AND last_t >= ?2 AND first_t <= ?3)
    SELECT (SELECT COUNT(*) FROM earlier) AS earlier,
      (SELECT COUNT(*) FROM (SELECT user_key FROM earlier INTERSECT
        SELECT user_key FROM sessions WHERE site_id = ?1 AND user_key <> '' AND last_t >= ?4 AND first_t <= ?5)) AS returned`,
  /** ?1 site, ?2 from, ?3 to. */
  featureUsers: `SELECT f.name AS name, COUNT(DISTINCT NULLIF(s.user_key, '')) AS users, SUM(f.count) AS uses
    FROM sessions AS s JOIN session_features AS f ON f.site_id = s.site_id AND f.session = s.session
    WHERE s.site_id = ?1 AND s.last_t >= ?2 AND s.first_t <= ?3
    GROUP BY f.name ORDER BY users DESC, uses DESC, name`,
} as const;

export function sessionReads(exec: SqlExecutor): SessionReads {
  return {
    async sessionStats(siteId, from, to) {
      return (await exec.get<SessionStats>(SESSION_SQL.sessionStats, siteId, from, to))!;
    },
    async returningUsers(siteId, before, after) {
      const row = (await exec.get<{ earlier: number; returned: number }>(
        SESSION_SQL.returningUsers,
        siteId,
        ...before,
        ...after,
      ))!;
      return { before: row.earlier, returned: row.returned };
    },
    async sessionTrend(siteId, from, to, start, step) {
      return exec.all<SessionTrendPoint>(SESSION_SQL.sessionTrend, siteId, from, to, start, step);
    },
    async featureUsers(siteId, from, to) {
      return exec.all<FeatureUsers>(SESSION_SQL.featureUsers, siteId, from, to);
    },
  };
}
