// What /health and /readyz read: heartbeats, the database's size, a site's last batch (or session).
import type { HealthStore, SqlExecutor } from '../ports';

const SQL = {
  beat: 'INSERT INTO heartbeat (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at',
  lastBeat: 'SELECT at FROM heartbeat WHERE name = ?',
  // batches_by_arrival (site_id, received_at): one index probe per site, whatever the table's size.
  // The last batch received, and its latest event's time.
  lastEvent:
    'SELECT t, received_at AS receivedAt FROM batches WHERE site_id = ? ORDER BY received_at DESC LIMIT 1',
  // No batch kept (pruned by retention, or bulk-loaded by seed-demo): the latest session's last
  // event (sessions_by_time, one probe) rather than `no events yet` beside a million events.
  lastSession: 'SELECT MAX(last_t) AS t FROM sessions WHERE site_id = ?',
} as const;

export function healthStore(exec: SqlExecutor): HealthStore {
  return {
    async beat(name, at) {
      await exec.run(SQL.beat, name, at);
    },
    async lastBeat(name) {
      return (await exec.get<{ at: number }>(SQL.lastBeat, name))?.at ?? null;
    },
    databaseBytes: () => exec.size(),
    async lastEvent(siteId) {
      const batch = await exec.get<{ t: number; receivedAt: number }>(SQL.lastEvent, siteId);
      if (batch) return batch;
      const t = (await exec.get<{ t: number | null }>(SQL.lastSession, siteId))?.t ?? null;
      return t === null ? null : { t, receivedAt: t };
    },
  };
}
