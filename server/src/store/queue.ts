// The Workers ingest Queue as the consumer last saw it, and the batches that came
// back through its dead-letter queue (migration 0011). Node has no queue: both stay empty.
import type { DeadLetter, QueueState, QueueStore, SqlExecutor } from '../ports';

const SQL = {
  record: `INSERT INTO ingest_queue (id, backlog, oldest_at, consumed_at, events, rows_written) VALUES (1, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET backlog = excluded.backlog, oldest_at = excluded.oldest_at, consumed_at = excluded.consumed_at,
      events = events + excluded.events, rows_written = rows_written + excluded.rows_written`,
  state: `SELECT backlog, oldest_at AS oldestAt, consumed_at AS consumedAt, events, rows_written AS rowsWritten
    FROM ingest_queue WHERE id = 1`,
  addDeadLetter:
    'INSERT INTO dead_letters (received_at, site_id, events, attempts, body) VALUES (?, ?, ?, ?, ?)',
  count: 'SELECT COUNT(*) AS n FROM dead_letters',
  latest: `SELECT received_at AS receivedAt, site_id AS siteId, events, attempts, body FROM dead_letters
    ORDER BY seq DESC LIMIT ?`,
} as const;

export function queueStore(exec: SqlExecutor): QueueStore {
  return {
    async recordQueue(s) {
      await exec.run(SQL.record, s.backlog, s.oldestAt, s.consumedAt, s.events, s.rowsWritten);
    },
    async queueState() {
      return (await exec.get<QueueState>(SQL.state)) ?? null;
    },
    async addDeadLetters(letters) {
      await exec.batch(
        letters.map(
          (d) => [SQL.addDeadLetter, [d.receivedAt, d.siteId, d.events, d.attempts, d.body]] as const,
        ),
      );
    },
    async deadLetters(limit) {
      const count = (await exec.get<{ n: number }>(SQL.count))?.n ?? 0;
      return { count, latest: count ? await exec.all<DeadLetter>(SQL.latest, limit) : [] };
    },
  };
}
