// Error groups: one row per fingerprint, with its count, first and last seen, the
// first routes it was seen on, and a HyperLogLog of the sessions it affected
// (error_sessions, one row per register). A commit adds its error deltas (one JSON
// parameter, counted only if this receipt stored the batch) or, in Node's group
// commit, rows summed in JS; both share the ON CONFLICT merges.
import { ROUTES_KEPT } from '../core/sessions-and-errors';
import type { ErrorDelta, ErrorGroupFields, ErrorGroupReads, SqlExecutor } from '../ports';
import { FRESH } from './rollups';

/** JSON row of an error delta, in the order the statements read it. */
export const errorRow = (d: ErrorDelta) =>
  JSON.stringify([
    d.siteId,
    d.fingerprint,
    d.type,
    d.title,
    d.message,
    d.frame,
    d.stack,
    d.route,
    d.t,
    d.count,
    d.reg,
    d.rho,
  ]);
const ERRORS_JSON = `SELECT value ->> 0 AS site_id, value ->> 1 AS fingerprint, value ->> 2 AS type,
  value ->> 3 AS title, value ->> 4 AS message, value ->> 5 AS frame, value ->> 6 AS stack, value ->> 7 AS route,
  value ->> 8 AS t, value ->> 9 AS count, value ->> 10 AS reg, value ->> 11 AS rho FROM json_each(?2)`;

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

export const ERROR_GROUP_SQL = {
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
  /** Node's group commit: one row per group, its new events summed in JS (routes: a JSON array). */
  upsertErrorGroup: `INSERT INTO error_groups (site_id, fingerprint, type, title, message, frame, stack, count, first_seen, last_seen, routes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${GROUP_UPDATE}`,
  upsertErrorSession: `INSERT INTO error_sessions (site_id, fingerprint, reg, rho) VALUES (?, ?, ?, ?) ${REGISTER_UPDATE}`,

  /** ?1 site, ?2 JSON array of fingerprints or null for the latest 1,000 groups. */
  errorGroups: `SELECT fingerprint, type, title, message, frame, stack, count, first_seen AS firstSeen, last_seen AS lastSeen, routes,
      (SELECT COUNT(*) FROM error_sessions AS s WHERE s.site_id = g.site_id AND s.fingerprint = g.fingerprint) AS registers,
      (SELECT COALESCE(SUM(1.0 / (1 << rho)), 0) FROM error_sessions AS s WHERE s.site_id = g.site_id AND s.fingerprint = g.fingerprint) AS hllSum
    FROM error_groups AS g
    WHERE site_id = ?1 AND (?2 IS NULL OR fingerprint IN (SELECT value FROM json_each(?2)))
    ORDER BY last_seen DESC LIMIT 1000`,
} as const;

export interface ErrorGroupSqlRow extends ErrorGroupFields {
  /** JSON array. */
  routes: string;
  registers: number;
  hllSum: number;
}

const toErrorGroup = ({ routes, registers, hllSum, ...g }: ErrorGroupSqlRow) => ({
  ...g,
  routes: JSON.parse(routes) as string[],
  sessions: { registers, sum: hllSum },
});

export function errorGroupReads(exec: SqlExecutor): ErrorGroupReads {
  return {
    async errorGroups(siteId, fingerprints) {
      const rows = await exec.all<ErrorGroupSqlRow>(
        ERROR_GROUP_SQL.errorGroups,
        siteId,
        fingerprints ? JSON.stringify(fingerprints) : null,
      );
      return rows.map(toErrorGroup);
    },
  };
}
