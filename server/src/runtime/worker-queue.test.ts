// The ingest Queue's consumer against a real local D1 (Miniflare runs workerd's D1):
// redelivery counts nothing twice, a poison message is retried alone and then kept as a
// dead letter that /health shows. The deliveries are built here as the Queue hands them over.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { createApp } from '../app';
import { sha256Hex } from '../core/ids';
import { batchRowOf } from '../core/rollup';
import type { LiveMessage } from '../core/live';
import type { BatchRow } from '../ports';
import { openD1 } from '../../test/d1';
import { readMigrations } from '../store/migration-files';
import { createWorkerStore, type WorkerStore } from '../store/worker-store';
import type { QueuedBatch } from './worker-env';
import { consumeDeadLetters, consumeIngest, retryDelay } from './worker-queue';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
async function open(): Promise<WorkerStore> {
  const store = createWorkerStore(await openD1());
  await store.migrate(readMigrations());
  await store.createSite({ id: 'site_a', key: 'sk_a', name: 'A', origins: ['*'] }, NOW);
  return store;
}

const env = {
  siteId: 'site_a',
  session: 's1',
  route: '/r',
  platform: 'canvas',
  frame: 'framed',
  device: 'desktop',
  country: '',
};
const lcp = (id: string, value = 1000): Event => ({ kind: 'vital', id, t: NOW, name: 'LCP', value });
const filter = {
  siteId: 'site_a',
  fromMinute: NOW / 60_000 - 1,
  toMinute: NOW / 60_000 + 1,
  metrics: ['LCP'],
};

/** A message as the Queue delivers it, recording whether it was acked or retried. */
function message(id: string, body: unknown, attempts = 1) {
  const m = {
    id,
    timestamp: new Date(NOW - 3_000),
    body: body as QueuedBatch,
    attempts,
    outcome: 'none' as 'none' | 'ack' | { retryAfter: number },
    ack: () => void (m.outcome = 'ack'),
    retry: (o?: { delaySeconds?: number }) => void (m.outcome = { retryAfter: o?.delaySeconds ?? 0 }),
  };
  return m;
}

function delivery<M extends ReturnType<typeof message>>(
  messages: M[],
  queue = 'sightline-ingest',
  backlogCount = 7,
) {
  return {
    queue,
    messages,
    metadata: { metrics: { backlogCount, backlogBytes: 0, oldestMessageTimestamp: new Date(NOW - 3_000) } },
    ackAll: () => messages.forEach((m) => m.ack()),
    retryAll: () => messages.forEach((m) => m.retry()),
  } as unknown as MessageBatch<QueuedBatch>;
}

/** /health as a read token sees it (with the details). */
async function healthOf(app: ReturnType<typeof createApp>, store: WorkerStore) {
  const secret = `sl_read_${Math.random().toString(36).slice(2)}`;
  await store.createToken({ id: secret, role: 'read', name: 'ops' }, await sha256Hex(secret), NOW);
  const res = await app.fetch(
    new Request('http://127.0.0.1/health', { headers: { authorization: `Bearer ${secret}` } }),
  );
  return (await res.json()) as { status: string; checks: Record<string, Record<string, unknown>[]> };
}

const batch = (ids: string[], session = 's1'): BatchRow =>
  batchRowOf(
    { ...env, session },
    ids.map((id) => lcp(id)),
    NOW,
  );

describe('ingest queue consumer', () => {
  it('writes a delivery once: redelivered (its ack lost) or sent twice by the client, nothing counts twice', async () => {
    const store = await open();
    const published: LiveMessage[][] = [];
    const deps = { store, clock: () => NOW, publish: async (m: LiveMessage[]) => void published.push(m) };
    const a = batch(['a0000001', 'a0000002']);
    const b = batch(['b0000001'], 's2');
    const first = [message('m1', { batch: a }), message('m2', { batch: b }), message('m3', { batch: a })];
    await consumeIngest(deps, delivery(first));
    expect(first.map((m) => m.outcome)).toEqual(['ack', 'ack', 'ack']);
    // The same messages again, as the Queue redelivers them when an ack was lost.
    const again = [message('m1', { batch: a }, 2), message('m2', { batch: b }, 2)];
    await consumeIngest(deps, delivery(again, 'sightline-ingest', 0));
    expect(again.map((m) => m.outcome)).toEqual(['ack', 'ack']);
    expect(await store.countEvents('site_a')).toBe(3);
    expect(await store.rollupTotals(filter)).toMatchObject([{ metric: 'LCP', count: 3, sum: 3000 }]);
    // Only what was new is announced.
    expect(published).toEqual([[{ type: 'ingest', site: 'site_a', events: 3 }]]);
    const state = (await store.queueState())!;
    expect(state).toMatchObject({ backlog: 0, oldestAt: NOW - 3_000, consumedAt: NOW, events: 3 });
    // D1 reports the rows it wrote: at least a batch row and a rollup row per new batch.
    expect(state.rowsWritten).toBeGreaterThanOrEqual(4);
  });

  it('retries a poison message alone, then keeps it as a dead letter that /health shows', async () => {
    const store = await open();
    const errors: unknown[] = [];
    const deps = { store, clock: () => NOW, onError: (e: unknown) => errors.push(e) };
    const good = batch(['g0000001', 'g0000002']);
    const poison = { batch: { ...batch(['p0000001']), events: '[not json' } };
    const messages = [message('m1', { batch: good }), message('m2', poison, 2)];
    await consumeIngest(deps, delivery(messages));
    expect(messages.map((m) => m.outcome)).toEqual(['ack', { retryAfter: retryDelay(2) }]);
    expect(errors.length).toBeGreaterThan(0);
    expect(await store.countEvents('site_a')).toBe(2);
    expect(await store.queueState()).toMatchObject({ backlog: 7 });

    // After its last retry the Queue hands it to the dead-letter queue.
    const dead = [message('d1', poison, 1)];
    await consumeDeadLetters(deps, delivery(dead, 'sightline-ingest-dlq'));
    expect(dead[0].outcome).toBe('ack');
    expect(await store.deadLetters(5)).toEqual({
      count: 1,
      latest: [{ receivedAt: NOW, siteId: 'site_a', events: 1, attempts: 1, body: JSON.stringify(poison) }],
    });
    const app = createApp({
      store,
      clock: () => NOW,
      health: {
        backlog: async () => (await store.queueState())!.backlog,
        deadLetters: () => store.deadLetters(1),
      },
    });
    const { checks, status } = await healthOf(app, store);
    expect(status).toBe('warn');
    expect(checks['ingest:backlog'][0]).toMatchObject({ observedValue: 7, status: 'pass' });
    expect(checks['ingest:deadLetters'][0]).toMatchObject({
      observedValue: 1,
      status: 'warn',
      output:
        '1 batches failed every retry; the latest (1 events from site site_a) came back 2026-11-27T12:00:00.000Z',
    });
  });

  it('says so in /health when the public URL that alerts need is missing', async () => {
    const store = await open();
    const app = createApp({ store, clock: () => NOW, health: { publicUrl: null } });
    const { checks, status } = await healthOf(app, store);
    expect(status).toBe('fail');
    expect(checks['config:publicUrl'][0]).toMatchObject({
      status: 'fail',
      output: expect.stringMatching(/^SIGHTLINE_PUBLIC_URL is not set/),
    });
  });
});
