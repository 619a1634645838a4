import { afterEach, describe, expect, it, vi } from 'vitest';
import { accepted, fakeClock, fakeCollector } from './fake-collector';
import { createPipeline, type PipelineOptions } from './pipeline';

const log = (n: number) => ({ kind: 'log' as const, level: 'info' as const, message: `line ${n}` });

function setup(overrides: Partial<PipelineOptions> = {}) {
  const collector = fakeCollector();
  const clock = fakeClock();
  const pipeline = createPipeline({
    endpoint: 'https://sightline.test/v1/ingest/server',
    token: 'sl_ingest_secret',
    fetch: collector.fetch,
    clock,
    timeoutMs: 1_000,
    envelope: { service: 'atomic-guide', environment: 'test' },
    batchSize: 100,
    flushIntervalMs: 0,
    maxQueue: 1_000,
    random: () => 0.5,
    ...overrides,
  });
  return { collector, clock, pipeline };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('batching', () => {
  it('sends a batch once batchSize events wait, with the envelope and the bearer token', async () => {
    const { collector, pipeline, clock } = setup({ batchSize: 3 });
    pipeline.record(log(1));
    pipeline.record(log(2));
    await Promise.resolve();
    expect(collector.calls).toHaveLength(0);
    pipeline.record(log(3));
    await pipeline.flush();
    expect(collector.calls).toHaveLength(1);
    const [call] = collector.calls;
    expect(call.url).toBe('https://sightline.test/v1/ingest/server');
    expect(call.headers.get('authorization')).toBe('Bearer sl_ingest_secret');
    expect(call.batch).toMatchObject({ sentAt: clock(), service: 'atomic-guide', environment: 'test' });
    expect(call.batch.events.map((e) => e.kind === 'log' && e.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    expect(new Set(call.batch.events.map((e) => e.id)).size).toBe(3);
    expect(pipeline.stats()).toMatchObject({ queued: 0, sent: 3, failures: 0, open: false });
  });

  it('splits a large backlog into bodies of at most 500 events', async () => {
    const { collector, pipeline } = setup({ batchSize: 10_000, maxQueue: 10_000 });
    for (let i = 0; i < 1_200; i++) pipeline.record(log(i));
    await pipeline.flush();
    expect(collector.calls.map((c) => c.batch.events.length)).toEqual([500, 500, 200]);
  });

  it('shares one send among concurrent flushes and sends what arrived meanwhile in the next', async () => {
    const { collector, pipeline } = setup();
    let release!: () => void;
    collector.answer(
      (call) => new Promise((resolve) => (release = () => resolve(accepted(call.batch.events.length)))),
    );
    pipeline.record(log(1));
    const first = pipeline.flush();
    await vi.waitFor(() => expect(collector.calls).toHaveLength(1));
    pipeline.record(log(2));
    pipeline.record(log(3));
    const second = pipeline.flush();
    expect(pipeline.flush()).toBe(second);
    release();
    await first;
    await vi.waitFor(() => expect(collector.calls).toHaveLength(2));
    release();
    await second;
    expect(collector.calls.map((c) => c.batch.events.length)).toEqual([1, 2]);
  });

  it('flushes on the timer where there is no waitUntil (Node)', async () => {
    vi.useFakeTimers();
    const { collector, pipeline } = setup({ flushIntervalMs: 10_000 });
    pipeline.record(log(1));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(collector.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.calls).toHaveLength(1);
  });

  it('flushes through ctx.waitUntil after a request, and sets no timer there', async () => {
    vi.useFakeTimers();
    const { collector, pipeline } = setup({ flushIntervalMs: 10_000 });
    const waited: Promise<unknown>[] = [];
    pipeline.record(log(1));
    pipeline.afterRequest({ waitUntil: (p) => waited.push(p) });
    expect(waited).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    await waited[0];
    expect(collector.calls).toHaveLength(1);
    pipeline.record(log(2));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('loss', () => {
  it('drops the oldest when the buffer is full, counts them and reports the loss with the next batch', async () => {
    const { collector, pipeline } = setup({ maxQueue: 5 });
    for (let i = 1; i <= 8; i++) pipeline.record(log(i));
    expect(pipeline.stats()).toMatchObject({ queued: 5, dropped: { overflow: 3, rejected: 0 } });
    await pipeline.flush();
    const events = collector.events();
    expect(events.filter((e) => e.kind === 'log').map((e) => e.kind === 'log' && e.message)).toEqual([
      'line 4',
      'line 5',
      'line 6',
      'line 7',
      'line 8',
    ]);
    expect(events.find((e) => e.kind === 'dropped')).toMatchObject({ counts: { overflow: 3 } });
  });

  it('counts events the server rejected, and drops a batch it refuses (400) without retrying', async () => {
    const { collector, pipeline } = setup();
    collector.answer((call) => accepted(call.batch.events.length, 1));
    pipeline.record(log(1));
    pipeline.record(log(2));
    await pipeline.flush();
    collector.answer(() => new Response('{"error":"events[0].t: …"}', { status: 400 }));
    pipeline.record(log(3));
    await pipeline.flush();
    // The refused batch held log 3 and the report of the first loss.
    expect(collector.calls[1].batch.events.map((e) => e.kind)).toEqual(['log', 'dropped']);
    expect(pipeline.stats()).toMatchObject({ queued: 0, sent: 1, dropped: { rejected: 3 }, failures: 0 });
  });

  it('leaves out an event that cannot be serialised and sends the rest', async () => {
    const { collector, pipeline } = setup();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    pipeline.record(log(1));
    expect(() => pipeline.record({ kind: 'feature', name: 'x', props: cyclic as never })).not.toThrow();
    await pipeline.flush();
    expect(collector.events()).toHaveLength(1);
    expect(pipeline.stats().dropped.rejected).toBe(1);
  });
});

describe('retries and the circuit breaker', () => {
  it("keeps events after a 503 and retries after the server's Retry-After", async () => {
    const { collector, pipeline, clock } = setup();
    collector.answer(() => new Response('busy', { status: 503, headers: { 'retry-after': '5' } }));
    pipeline.record(log(1));
    await pipeline.flush();
    expect(pipeline.stats()).toMatchObject({ queued: 1, failures: 1, open: false });
    collector.answer((call) => accepted(call.batch.events.length));
    clock.advance(4_999);
    await pipeline.flush();
    expect(collector.calls).toHaveLength(1);
    clock.advance(1);
    await pipeline.flush();
    expect(collector.calls).toHaveLength(2);
    expect(pipeline.stats()).toMatchObject({ queued: 0, sent: 1, failures: 0 });
  });

  it('resends a failed batch whole, as it was cut, and what came meanwhile in a batch of its own', async () => {
    const { collector, pipeline, clock } = setup();
    collector.answer(() => new Response('busy', { status: 503, headers: { 'retry-after': '1' } }));
    pipeline.record(log(1));
    pipeline.record(log(2));
    await pipeline.flush();
    pipeline.record(log(3));
    collector.answer((call) => accepted(call.batch.events.length));
    clock.advance(1_000);
    await pipeline.flush();
    const [failed, retry, later] = collector.calls.map((c) => c.batch.events.map((e) => e.id));
    expect(retry).toEqual(failed);
    expect(later).toHaveLength(1);
    expect(pipeline.stats()).toMatchObject({ queued: 0, sent: 3 });
  });

  it('keeps failed batches within maxQueue, dropping the oldest and counting them', async () => {
    const { collector, pipeline, clock } = setup({ maxQueue: 3, batchSize: 2 });
    collector.answer(() => new Response('busy', { status: 503, headers: { 'retry-after': '1' } }));
    for (const n of [1, 2]) pipeline.record(log(n));
    await pipeline.flush();
    clock.advance(1_000);
    for (const n of [3, 4]) pipeline.record(log(n));
    await pipeline.flush();
    expect(pipeline.stats()).toMatchObject({ queued: 2, dropped: { overflow: 2 } });
  });

  it('opens after three failures, stops sending for 30 s, doubles after a failed trial, closes on success', async () => {
    const { collector, pipeline, clock } = setup();
    collector.answer(() => new TypeError('fetch failed'));
    pipeline.record(log(1));
    await pipeline.flush(); // fails; backoff 750 ms (jitter 0.5)
    clock.advance(750);
    await pipeline.flush(); // fails; backoff 1.5 s
    clock.advance(1_500);
    await pipeline.flush(); // third failure: open for 30 s
    expect(pipeline.stats()).toMatchObject({ failures: 3, open: true, queued: 1 });
    const attempts = collector.calls.length;
    clock.advance(29_000);
    pipeline.record(log(2));
    await pipeline.flush();
    expect(collector.calls).toHaveLength(attempts);
    clock.advance(1_000);
    await pipeline.flush(); // trial fails: open for 60 s
    expect(collector.calls).toHaveLength(attempts + 1);
    clock.advance(59_999);
    await pipeline.flush();
    expect(collector.calls).toHaveLength(attempts + 1);
    collector.answer((call) => accepted(call.batch.events.length));
    clock.advance(1);
    await pipeline.flush();
    expect(pipeline.stats()).toMatchObject({ failures: 0, open: false, queued: 0, sent: 2 });
  });

  it('counts a refused token (401) as a failure, dropping that batch', async () => {
    const { collector, pipeline } = setup();
    collector.answer(() => new Response('{"error":"unknown API token"}', { status: 401 }));
    pipeline.record(log(1));
    await pipeline.flush();
    expect(pipeline.stats()).toMatchObject({ queued: 0, failures: 1, dropped: { rejected: 1 } });
  });

  it('never throws, even when fetch throws synchronously', async () => {
    const { pipeline } = setup({
      fetch: () => {
        throw new Error('no network here');
      },
    });
    pipeline.record(log(1));
    await expect(pipeline.flush()).resolves.toBeUndefined();
    expect(pipeline.stats()).toMatchObject({ queued: 1, failures: 1 });
  });
});
