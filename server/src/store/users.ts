// One user's raw batches and sessions, exported or erased (ports/users.ts). The
// batches have no index by user: a request scans the raw log, which retention keeps
// to days (SIGHTLINE_RETENTION_RAW), so ingest pays nothing for these rare requests.
import type { SqlExecutor, UserBatch, UserSession, UserStore } from '../ports';

const SQL = {
  batches: `SELECT site_id AS siteId, received_at AS receivedAt, session, route, platform, frame, device, country, events
    FROM batches WHERE user_key = ? ORDER BY seq`,
  sessions: `SELECT site_id AS siteId, session, first_t AS firstT, last_t AS lastT, pageviews, events,
      (SELECT json_group_object(f.name, f.count) FROM session_features AS f WHERE f.site_id = s.site_id AND f.session = s.session) AS features
    FROM sessions AS s WHERE user_key = ? ORDER BY site_id, first_t`,
  deleteFeatures: `DELETE FROM session_features WHERE (site_id, session) IN
    (SELECT site_id, session FROM sessions WHERE user_key = ?)`,
  deleteSessions: 'DELETE FROM sessions WHERE user_key = ?',
  deleteBatches: 'DELETE FROM batches WHERE user_key = ?',
} as const;

export function userStore(exec: SqlExecutor): UserStore {
  return {
    async userData(userKey) {
      const [batches, sessions] = await Promise.all([
        exec.all<Omit<UserBatch, 'events'> & { events: string }>(SQL.batches, userKey),
        exec.all<Omit<UserSession, 'features'> & { features: string | null }>(SQL.sessions, userKey),
      ]);
      return {
        batches: batches.map((b) => ({ ...b, events: JSON.parse(b.events) as unknown[] })),
        sessions: sessions.map((s) => ({
          ...s,
          features: s.features ? (JSON.parse(s.features) as Record<string, number>) : {},
        })),
      };
    },
    async deleteUser(userKey) {
      // One transaction: a user is erased whole or not at all.
      const [, sessions, batches] = await exec.batch([
        [SQL.deleteFeatures, [userKey]],
        [SQL.deleteSessions, [userKey]],
        [SQL.deleteBatches, [userKey]],
      ]);
      return { batches: batches.changes, sessions: sessions.changes };
    },
  };
}
