// What /health and /readyz read: heartbeats, the database's size, a site's last batch.
import type { HealthStore, SqlExecutor } from '../ports';

const SQL = {
  beat: 'INSERT INTO heartbeat (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at',
  lastBeat: 'SELECT at FROM heartbeat WHERE name = ?',
  // batches_by_arrival (site_id, received_at): one index probe per site, whatever the table's size.
  // The last batch received, and its latest event's time.
  lastEvent:
    'SELECT t, received_at AS receivedAt FROM batches WHERE site_id = ? ORDER BY received_at DESC LIMIT 1',
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
      return (await exec.get<{ t: number; receivedAt: number }>(SQL.lastEvent, siteId)) ?? null;
    },
  };
}
