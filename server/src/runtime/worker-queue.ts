// The ingest Queue on Workers. The producer side answers a batch with 202 once the
// Queue has it (durable); the consumer writes the batches of one delivery to D1 in one
// transaction (WorkerStore.commitMany), and the dead-letter consumer keeps what failed
// every retry. Runtime-free apart from the Queue's message types, so Node tests drive it
// against a real local D1.
import type { LiveMessage } from '../core/live';
import type { Clock, Store } from '../ports';
import type { WorkerStore } from '../store/worker-store';
import type { QueuedBatch } from './worker-env';

/** The app's commit on Workers: the batch goes on the Queue; its events count as accepted. */
export function queuedCommit(queue: Queue<QueuedBatch>): Store['commit'] {
  return async (batch) => {
    await queue.send({ batch }, { contentType: 'json' });
    return batch.count;
  };
}

export interface ConsumeDeps {
  store: WorkerStore;
  clock: Clock;
  /** Tells the live hub what was new, per site. */
  publish?: (messages: LiveMessage[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** Seconds before a failed message is tried again: 5, 10, 20, … at most 5 min. */
export const retryDelay = (attempts: number) => Math.min(300, 5 * 2 ** Math.max(0, attempts - 1));

/**
 * Writes one delivery. Each message commits under a receipt of its own attempt: a batch
 * whose earlier delivery was stored (its ack lost) is known by its key and adds nothing,
 * and a batch sent twice by its client counts once. When the group fails, each message is
 * tried alone, so one poison message is retried (then dead-lettered) without the others.
 */
export async function consumeIngest(deps: ConsumeDeps, delivery: MessageBatch<QueuedBatch>): Promise<void> {
  const messages = delivery.messages;
  const commits = messages.map((m) => ({ batch: m.body.batch, receipt: `q:${m.id}:${m.attempts}` }));
  let fresh: number[];
  let rowsWritten = 0;
  try {
    ({ fresh, rowsWritten } = await deps.store.commitMany(commits));
    for (const m of messages) m.ack();
  } catch (groupError) {
    deps.onError?.(groupError);
    fresh = [];
    for (const [i, m] of messages.entries()) {
      try {
        const one = await deps.store.commitMany([commits[i]]);
        fresh.push(...one.fresh);
        rowsWritten += one.rowsWritten;
        m.ack();
      } catch (error) {
        deps.onError?.(error);
        fresh.push(0);
        m.retry({ delaySeconds: retryDelay(m.attempts) });
      }
    }
  }
  const metrics = delivery.metadata?.metrics;
  const oldest = metrics?.oldestMessageTimestamp;
  await deps.store.recordQueue({
    backlog: metrics?.backlogCount ?? 0,
    oldestAt: oldest ? new Date(oldest).getTime() : null,
    consumedAt: deps.clock(),
    events: fresh.reduce((a, b) => a + b, 0),
    rowsWritten,
  });
  const bySite = new Map<string, number>();
  commits.forEach(
    (c, i) => fresh[i] > 0 && bySite.set(c.batch.siteId, (bySite.get(c.batch.siteId) ?? 0) + fresh[i]),
  );
  if (bySite.size && deps.publish) {
    await deps
      .publish([...bySite].map(([site, events]) => ({ type: 'ingest', site, events })))
      .catch(deps.onError);
  }
}

/** Keeps the messages that failed every retry: counted and shown in /health, never dropped silently. */
export async function consumeDeadLetters(
  deps: Pick<ConsumeDeps, 'store' | 'clock'>,
  delivery: MessageBatch<unknown>,
): Promise<void> {
  const at = deps.clock();
  await deps.store.addDeadLetters(
    delivery.messages.map((m) => {
      const batch = (m.body as Partial<QueuedBatch> | null)?.batch;
      return {
        receivedAt: at,
        siteId: String(batch?.siteId ?? ''),
        events: Number(batch?.count ?? 0),
        attempts: m.attempts,
        body: JSON.stringify(m.body),
      };
    }),
  );
  delivery.ackAll();
}
