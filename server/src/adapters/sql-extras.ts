// SQL for sessions and error groups, shared by the SQLite and D1 adapters.
// SQLite sums a commit's new events in JS and upserts a row per session and
// error group. D1's statements take a commit's rows as one JSON parameter and
// count them only if this receipt stored the batch, so a retried or racing batch
// adds nothing, as with the rollups. Both share the ON CONFLICT merges.
import { ROUTES_KEPT } from '../core/extras';
import type { ErrorDelta, ErrorGroupFields, SessionDelta } from '../ports';
import { FRESH } from './sql';

/** JSON row of an error delta, in the order the statements read it. */
export const errorRow = (d: ErrorDelta) =>
  JSON.stringify([d.siteId, d.fingerprint, d.type, d.title, d.message, d.frame, d.stack, d.route, d.t, d.count, d.reg, d.rho]);
const ERRORS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS fingerprint, value ->> 2 AS type,
  value ->> 3 AS title, value ->> 4 AS message, value ->> 5 AS frame, value ->> 6 AS stack, value ->> 7 AS route,
  value ->> 8 AS t, value ->> 9 AS count, value ->> 10 AS reg, value ->> 11 AS rho FROM json_each(?2)`;

export const sessionRow = (d: SessionDelta) => JSON.stringify([d.siteId, d.session, d.user, d.t, d.pageview ? 1 : 0, d.feature ?? null]);
const SESSIONS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS session, value ->> 2 AS user_key,
  value ->> 3 AS t, value ->> 4 AS pageview, value ->> 5 AS feature FROM json_each(?2)`;

const GROUP_UPDATE = `ON CONFLICT (site_id, fingerprint) DO UPDATE SET
      count = count + excluded.count,
      first_seen = MIN(first_seen, excluded.first_seen),
      last_seen = MAX(last_seen, excluded.last_seen),
      stack = CASE WHEN stack = '' THEN excluded.stack ELSE stack END,
      routes = CASE WHEN json_array_length(error_groups.routes) >= ${ROUTES_KEPT} THEN error_groups.routes ELSE (
        SELECT json_group_array(value) FROM (
          SELECT value FROM (
            SELECT value, key AS k FROM json_each(error_groups.routes)
            UNION ALL SELECT value, 1000000 + key FROM json_each(excluded.routes))
          GROUP BY value ORDER BY MIN(k) LIMIT ${ROUTES_KEPT})) END`;
const REGISTER_UPDATE = 'ON CONFLICT (site_id, fingerprint, reg) DO UPDATE SET rho = MAX(rho, excluded.rho)';

const SESSION_UPDATE = `ON CONFLICT (site_id, session) DO UPDATE SET
  user_key = CASE WHEN user_key = '' THEN excluded.user_key ELSE user_key END,
  first_t = MIN(first_t, excluded.first_t), last_t = MAX(last_t, excluded.last_t),
  pageviews = pageviews + excluded.pageviews, events = events + excluded.events`;
const FEATURE_UPDATE = 'ON CONFLICT (site_id, session, name) DO UPDATE SET count = count + excluded.count';

export const EXTRAS_SQL = {
  /** ?1 receipt, ?2 JSON error rows, ?3 site, ?4 batch key. The routes list keeps the first 20 distinct routes. */
  upsertErrorGroupsJson: `INSERT INTO error_groups (site_id, fingerprint, type, title, message, frame, stack, count, first_seen, last_seen, routes)
    SELECT site_id, fingerprint, MAX(type), MAX(title), MAX(message), MAX(frame), MAX(stack), SUM(count), MIN(t), MAX(t), json_group_array(DISTINCT route)
    FROM (${ERRORS_JSON}) AS d WHERE ${FRESH}
    GROUP BY site_id, fingerprint
    ${GROUP_UPDATE}`,
  /** ?1 receipt, ?2 JSON error rows, ?3 site, ?4 batch key: each register keeps its highest rank. */
  upsertErrorSessionsJson: `INSERT INTO error_sessions (site_id, fingerprint, reg, rho)
    SELECT site_id, fingerprint, reg, MAX(rho) FROM (${ERRORS_JSON}) AS d WHERE ${FRESH}
    GROUP BY site_id, fingerprint, reg
    ${REGISTER_UPDATE}`,
  /** SQLite, per group of a commit, its fresh events summed in JS (routes: a JSON array). */
  upsertErrorGroup: `INSERT INTO error_groups (site_id, fingerprint, type, title, message, frame, stack, count, first_seen, last_seen, routes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${GROUP_UPDATE}`,
  upsertErrorSession: `INSERT INTO error_sessions (site_id, fingerprint, reg, rho) VALUES (?, ?, ?, ?) ${REGISTER_UPDATE}`,

  /** SQLite, per session of a commit, its fresh events summed in JS. */
  upsertSession: `INSERT INTO sessions (site_id, session, user_key, first_t, last_t, pageviews, events) VALUES (?, ?, ?, ?, ?, ?, ?) ${SESSION_UPDATE}`,
  upsertSessionFeature: `INSERT INTO session_features (site_id, session, name, count) VALUES (?, ?, ?, ?) ${FEATURE_UPDATE}`,
  /** D1: ?1 receipt, ?2 JSON session rows, ?3 site, ?4 batch key. */
  upsertSessionsJson: `INSERT INTO sessions (site_id, session, user_key, first_t, last_t, pageviews, events)
    SELECT site_id, session, MAX(user_key), MIN(t), MAX(t), SUM(pageview), COUNT(*) FROM (${SESSIONS_JSON}) AS d WHERE ${FRESH}
    GROUP BY site_id, session ${SESSION_UPDATE}`,
  upsertSessionFeaturesJson: `INSERT INTO session_features (site_id, session, name, count)
    SELECT site_id, session, feature, COUNT(*) FROM (${SESSIONS_JSON}) AS d WHERE feature IS NOT NULL AND ${FRESH}
    GROUP BY site_id, session, feature ${FEATURE_UPDATE}`,

  /** ?1 site, ?2 JSON array of fingerprints or null for the latest 1,000 groups. */
  errorGroups: `SELECT fingerprint, type, title, message, frame, stack, count, first_seen AS firstSeen, last_seen AS lastSeen, routes,
      (SELECT COUNT(*) FROM error_sessions AS s WHERE s.site_id = g.site_id AND s.fingerprint = g.fingerprint) AS registers,
      (SELECT COALESCE(SUM(1.0 / (1 << rho)), 0) FROM error_sessions AS s WHERE s.site_id = g.site_id AND s.fingerprint = g.fingerprint) AS hllSum
    FROM error_groups AS g
    WHERE site_id = ?1 AND (?2 IS NULL OR fingerprint IN (SELECT value FROM json_each(?2)))
    ORDER BY last_seen DESC LIMIT 1000`,
  /** ?1 site, ?2 from, ?3 to (ms): sessions overlapping the range. */
  sessionStats: `SELECT COUNT(*) AS sessions, COUNT(DISTINCT NULLIF(user_key, '')) AS users,
      COALESCE(SUM(user_key <> ''), 0) AS identified, COALESCE(SUM(last_t - first_t), 0) AS duration, COALESCE(SUM(pageviews), 0) AS pageviews
    FROM sessions WHERE site_id = ?1 AND last_t >= ?2 AND first_t <= ?3`,
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

export interface ErrorGroupSqlRow extends ErrorGroupFields {
  /** JSON array. */
  routes: string;
  registers: number;
  hllSum: number;
}

export const toErrorGroup = ({ routes, registers, hllSum, ...g }: ErrorGroupSqlRow) => ({
  ...g,
  routes: JSON.parse(routes) as string[],
  sessions: { registers, sum: hllSum },
});
