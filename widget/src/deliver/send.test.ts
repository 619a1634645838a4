// @vitest-environment happy-dom
// Delivery as a page lives it: queued events become stored batches, sent and
// removed on a 202, retried, reported as lost, replayed by the next page load.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventSchema, type DroppedEvent } from '../../../shared/protocol';
import { BUFFER_LIMITS, memoryBuffer, openBuffer, type Buffer } from './idb-buffer';
import { QUEUE_LIMITS } from './queue';
import { BREAK_MS, type RetryState } from './retry';
import { createSender, FLUSH_INTERVAL_MS, MAX_AGE_MS, type SenderOptions } from './send';
import type { Outcome } from './transport';

const endpoint = 'https://sightline.example/v1/ingest';
const START = Date.parse('2026-03-02T10:00:00Z');
let dbs = 0;

interface Sent {
  via: 'fetch' | 'beacon';
  at: number;
  batch: {
    sentAt: number;
    session: string;
    page: { url: string };
    events: { id: string; kind: string; counts?: DroppedEvent['counts'] }[];
  };
}

/** A page's delivery with scripted server answers (202 unless told otherwise). */
function page(
  buffer: Buffer,
  options: Partial<SenderOptions> & { answers?: Outcome[]; session?: string } = {},
) {
  const sent: Sent[] = [];
  const answers = options.answers ?? [];
  const envelope = {
    siteKey: 'sk_test',
    session: options.session ?? 'session-1',
    page: { url: 'https://tool.example/a' },
    lms: { platform: 'other', iframe: false },
  };
  const record = (via: Sent['via'], body: string) =>
    sent.push({ via, at: Date.now(), batch: JSON.parse(body) });
  const post = vi.fn(async (_url: string, body: string): Promise<Outcome> => {
    record('fetch', body);
    return answers.shift() ?? [202, null, 0];
  });
  const beacon = vi.fn((_url: string, body: string) => (record('beacon', body), true));
  const sender = createSender({
    endpoint,
    envelope: () => ({ ...envelope, sentAt: Date.now() }),
    buffer,
    random: () => 1,
    post,
    beacon,
    ...options,
  });
  let n = 0;
  const track = (count = 1) => {
    for (let i = 0; i < count; i++)
      sender.push({ id: `${envelope.session}-ev-${++n}`, t: Date.now(), kind: 'custom', name: 'n' });
  };
  const ids = () => sent.flatMap((s) => s.batch.events.map((e) => e.id));
  return { sender, sent, answers, post, beacon, envelope, track, ids };
}

const hide = () => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });
};
/** Lets promise chains and fake-indexeddb (which uses the real setImmediate) finish. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};
const tick = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: START });
  // whenIdle: idle callbacks become timers so fake time drives them.
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 1));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createSender', () => {
  it('stores a batch before sending it and removes it only after the 202', async () => {
    const buffer = memoryBuffer();
    let answer!: (o: Outcome) => void;
    const p = page(buffer, {
      post: vi.fn((_u: string, _b: string) => new Promise<Outcome>((r) => (answer = r))),
    });
    p.track(3);
    await tick(FLUSH_INTERVAL_MS);
    const [stored] = await buffer.all();
    expect(stored).toMatchObject({ n: 3, e: { session: 'session-1' } });
    answer([202, null, 0]);
    await settle();
    expect(await buffer.all()).toEqual([]);
  });

  it('batches by time: one request for what the 10 s timer gathered', async () => {
    const p = page(memoryBuffer());
    p.track(2);
    await tick(5_000);
    p.track(2);
    await tick(FLUSH_INTERVAL_MS - 5_000 - 1);
    expect(p.sent).toEqual([]);
    await tick(1);
    expect(p.sent.map((s) => s.batch.events.length)).toEqual([4]);
  });

  it('sends by beacon when the page is hidden, and the next page confirms that batch by fetch, once', async () => {
    const buffer = openBuffer(`beacon-${++dbs}`);
    const first = page(buffer);
    await tick(1); // its own load-time replay: nothing yet
    first.track(2);
    hide();
    expect(first.sent.map((s) => s.via)).toEqual(['beacon']);
    await settle();
    expect(await buffer.all()).toMatchObject([{ n: 2, b: Date.now() }]);

    const next = page(openBuffer(`beacon-${dbs}`)); // a reload
    await tick(FLUSH_INTERVAL_MS + 1); // its replay, 10 s after load
    // The first page's own timer survives in this test (a real one would be gone) and there
    // is no Web Lock here: either page may replay it; the beaconed batch is confirmed by fetch,
    // whole, and then gone from the buffer (one tab at a time: the Web Locks test below).
    const fetched = [...first.sent, ...next.sent].filter((s) => s.via === 'fetch');
    expect(fetched.length).toBeGreaterThan(0);
    for (const f of fetched) expect(f.batch.events).toEqual(first.sent[0]!.batch.events);
    expect(await buffer.all()).toEqual([]);
  });

  it('falls back to fetch when sendBeacon refuses', () => {
    const p = page(memoryBuffer(), { beacon: () => false });
    p.track();
    dispatchEvent(new Event('pagehide'));
    expect(p.sent.map((s) => s.via)).toEqual(['fetch']);
  });

  it('replays what earlier pages left with their own envelopes, oldest first, and a fresh sentAt', async () => {
    const name = `replay-${++dbs}`;
    // Each earlier tab closes while its request is still in flight: no answer ever comes.
    const hang = () => new Promise<Outcome>(() => {});
    const a = page(openBuffer(name), { session: 'session-a', post: hang });
    a.track(2);
    await tick(FLUSH_INTERVAL_MS);
    const b = page(openBuffer(name), { session: 'session-b', post: hang, beacon: () => false });
    b.envelope.page = { url: 'https://tool.example/b' };
    b.track(1);
    hide();
    await tick(60_000);

    const next = page(openBuffer(name), { session: 'session-c' });
    await tick(FLUSH_INTERVAL_MS + 1); // its replay, 10 s after load
    const replayed = next.sent.map((s) => [s.batch.session, s.batch.page.url, s.batch.events.length]);
    expect(replayed).toEqual([
      ['session-a', 'https://tool.example/a', 2],
      ['session-b', 'https://tool.example/b', 1],
    ]);
    for (const s of next.sent) expect(s.batch.sentAt).toBe(s.at);
    expect(await openBuffer(name).all()).toEqual([]);
  });

  it('retries a 5xx or network error after a jittered backoff, then succeeds', async () => {
    const p = page(memoryBuffer(), { answers: [[503], [0]] });
    p.track();
    await tick(FLUSH_INTERVAL_MS);
    await tick(999);
    expect(p.sent).toHaveLength(1);
    await tick(1); // 1 s after the first failure (random() = 1)
    expect(p.sent).toHaveLength(2);
    await tick(1_999);
    expect(p.sent).toHaveLength(2);
    await tick(1);
    expect(p.sent).toHaveLength(3);
    expect(new Set(p.ids())).toEqual(new Set(['session-1-ev-1']));
  });

  it('honours Retry-After (seconds or date): no request before it, even at page hide', async () => {
    const date = new Date(START + FLUSH_INTERVAL_MS + 20_000).toUTCString();
    const p = page(memoryBuffer(), {
      answers: [
        [429, '7'],
        [503, date],
      ],
    });
    p.track();
    await tick(FLUSH_INTERVAL_MS);
    p.track();
    hide(); // within the wait: stored, not beaconed
    await tick(6_999);
    expect(p.sent).toHaveLength(1);
    await tick(1);
    expect(p.sent).toHaveLength(2); // the 503 asks for 13 s more, until the date
    await tick(12_999);
    expect(p.sent).toHaveLength(2);
    await tick(1);
    expect(p.sent.map((s) => s.at - START - FLUSH_INTERVAL_MS)).toEqual([0, 7_000, 20_000, 20_000]);
    expect(p.sent.every((s) => s.via === 'fetch')).toBe(true);
  });

  it('opens the circuit breaker after 5 failures in a row, lets a reload try once, half-opens, closes', async () => {
    // One buffer for both pages, keeping the retry state as IndexedDB does (its persistence
    // is tested in idb-buffer.test.ts), in memory so that fake time alone drives it.
    const memory = memoryBuffer();
    let state: RetryState | undefined;
    const buffer: Buffer = { ...memory, state: async (value) => (value ? void (state = value) : state) };
    const down = () => Array.from({ length: 100 }, (): Outcome => [0]);
    const p = page(buffer, { answers: down() });
    p.track();
    await tick(FLUSH_INTERVAL_MS);
    await tick(1_000 + 2_000 + 4_000 + 8_000);
    expect(p.sent).toHaveLength(5);
    expect(await buffer.state()).toMatchObject({ f: 5 });
    await tick(BREAK_MS - 1);
    expect(p.sent).toHaveLength(5); // open: nothing for 5 minutes

    // A page load while it is open tries once (no more than a page view's normal send),
    // then waits the breaker's 5 minutes again: a reload never hammers the server.
    const reload = page(buffer, { answers: down() });
    reload.track();
    await tick(FLUSH_INTERVAL_MS);
    expect(reload.sent).toHaveLength(1);
    await tick(3 * FLUSH_INTERVAL_MS);
    expect(reload.sent).toHaveLength(1);

    // Half-open: one trial when the 5 minutes since that try are up; it fails, so 5 more minutes.
    const start = Date.now();
    const trials = () => [...p.sent, ...reload.sent].filter((s) => s.at >= start);
    await tick(BREAK_MS - 3 * FLUSH_INTERVAL_MS);
    expect(trials()).toHaveLength(1);
    await tick(BREAK_MS - FLUSH_INTERVAL_MS - 1);
    expect(trials()).toHaveLength(1);

    // The next trial succeeds: closed, everything goes, and later sends need no wait.
    p.answers.length = reload.answers.length = 0;
    await tick(FLUSH_INTERVAL_MS + 1);
    expect(trials()).toHaveLength(3);
    expect(await buffer.all()).toEqual([]);
    expect(await buffer.state()).toEqual({ f: 0, u: 0 });
    reload.track();
    await tick(FLUSH_INTERVAL_MS);
    expect(trials()).toHaveLength(4);
  });

  it('drops events the server refuses (4xx, or rejected in a 202) and reports them as lost', async () => {
    const p = page(memoryBuffer(), { answers: [[400], [202, null, 1]] });
    p.track(3);
    await tick(FLUSH_INTERVAL_MS);
    p.track(2);
    await tick(FLUSH_INTERVAL_MS);
    expect(p.post).toHaveBeenCalledTimes(2); // the 400 is not retried
    await tick(FLUSH_INTERVAL_MS);
    const reports = p.sent.map((s) => s.batch.events.find((e) => e.kind === 'dropped')?.counts);
    expect(reports).toEqual([undefined, { rejected: 3 }, { rejected: 1 }]);
  });

  it('reports drops by reason in the next batch as a schema-valid event with its own id', async () => {
    const p = page(memoryBuffer());
    p.sender.drop('beforeSend');
    p.sender.drop('beforeSend');
    p.sender.drop('cap', 3);
    await tick(FLUSH_INTERVAL_MS);
    const [report] = p.sent[0]!.batch.events;
    expect(report).toMatchObject({ kind: 'dropped', counts: { beforeSend: 2, cap: 3 } });
    expect(EventSchema.safeParse(report).success).toBe(true);
    p.sender.drop('beforeSend');
    await tick(FLUSH_INTERVAL_MS);
    const [again] = p.sent[1]!.batch.events;
    expect(again).toMatchObject({ counts: { beforeSend: 1 } });
    expect(again!.id).not.toBe(report!.id);
  });

  it('bounds the buffer: the oldest go first and are counted as overflow', async () => {
    const limits = { ...BUFFER_LIMITS, maxEvents: 5 };
    const p = page(memoryBuffer(), { limits, answers: Array.from({ length: 100 }, (): Outcome => [0]) });
    p.track(3);
    await tick(FLUSH_INTERVAL_MS); // fails: 3 stored
    p.track(3);
    await tick(FLUSH_INTERVAL_MS); // 6 > 5: the oldest three go
    const overflowAt = Date.now();
    p.answers.length = 0;
    await tick(BREAK_MS + FLUSH_INTERVAL_MS);
    const later = p.sent.filter((s) => s.at > overflowAt);
    expect(later.flatMap((s) => s.batch.events.filter((e) => e.kind === 'custom').map((e) => e.id))).toEqual([
      'session-1-ev-4',
      'session-1-ev-5',
      'session-1-ev-6',
    ]);
    expect(
      later.flatMap((s) => s.batch.events.filter((e) => e.kind === 'dropped').map((e) => e.counts)),
    ).toEqual([{ overflow: 3 }]);
  });

  it('counts events that no longer fit the queue, or cannot be serialised, as overflow', async () => {
    const p = page(memoryBuffer(), { queueLimits: { ...QUEUE_LIMITS, maxPending: 2 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    p.sender.push(cyclic);
    p.track(5);
    await tick(FLUSH_INTERVAL_MS);
    expect(p.ids()).toEqual(['session-1-ev-1', 'session-1-ev-2', expect.any(String)]);
    expect(p.sent[0]!.batch.events.find((e) => e.kind === 'dropped')?.counts).toEqual({ overflow: 4 });
  });

  it('sends what was queued, not later changes to the event object', async () => {
    const p = page(memoryBuffer());
    const event = { id: 'changing-1', t: 1, kind: 'custom', name: 'before' };
    p.sender.push(event);
    event.name = 'after';
    await tick(FLUSH_INTERVAL_MS);
    expect(p.sent[0]!.batch.events[0]).toMatchObject({ name: 'before' });
  });

  it('drops stored batches older than 7 days: counted as expired unless a beacon carried them', async () => {
    const buffer = memoryBuffer();
    const old = {
      e: { siteKey: 'sk_test', session: 'old', page: { url: 'https://tool.example/' } },
      v: '[{"id":"old-event-1"}]',
      n: 1,
      s: 100,
      t: START - MAX_AGE_MS - 1,
    };
    await buffer.put([old, { ...old, n: 4, b: old.t }]);
    const p = page(buffer);
    await tick(FLUSH_INTERVAL_MS + 1); // its replay, 10 s after load
    expect(p.sent).toEqual([]);
    expect(await buffer.all()).toEqual([]);
    await tick(FLUSH_INTERVAL_MS);
    expect(p.sent[0]!.batch.events[0]).toMatchObject({ kind: 'dropped', counts: { expired: 1 } });
  });

  it('waits while the browser is offline and sends on `online`', async () => {
    let online = false;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => online);
    const p = page(memoryBuffer());
    p.track();
    await tick(FLUSH_INTERVAL_MS * 3);
    expect(p.sent).toEqual([]);
    online = true;
    dispatchEvent(new Event('online'));
    await settle();
    expect(p.ids()).toEqual(['session-1-ev-1']);
  });

  it('lets one tab at a time send what the tabs share (Web Locks), so no batch goes twice', async () => {
    const held = new Set<string>();
    const locks = {
      request: async (name: string, _o: LockOptions, cb: (lock: Lock | null) => Promise<void>) => {
        if (held.has(name)) return cb(null);
        held.add(name);
        try {
          return await cb({ name, mode: 'exclusive' } as Lock);
        } finally {
          held.delete(name);
        }
      },
    };
    Object.defineProperty(navigator, 'locks', { configurable: true, get: () => locks });
    const name = `tabs-${++dbs}`;
    const down = Array.from({ length: 2 }, (): Outcome => [0]);
    const a = page(openBuffer(name), { session: 'tab-a', answers: [...down] });
    const b = page(openBuffer(name), { session: 'tab-b', answers: [...down] });
    a.track(2);
    b.track(2);
    await tick(FLUSH_INTERVAL_MS); // both fail: both batches stored
    a.answers.length = b.answers.length = 0;
    await Promise.all([a.sender.send(), b.sender.send(), a.sender.send()]);
    await tick(FLUSH_INTERVAL_MS);
    const after = [...a.sent, ...b.sent].filter((s) => s.at > START + FLUSH_INTERVAL_MS);
    const ids = after.flatMap((s) => s.batch.events.map((e) => e.id));
    expect(ids.sort()).toEqual(['tab-a-ev-1', 'tab-a-ev-2', 'tab-b-ev-1', 'tab-b-ev-2']);
    Object.defineProperty(navigator, 'locks', { configurable: true, get: () => null });
  });

  it('never throws into the page, whatever fails', async () => {
    const broken: Buffer = {
      put: () => Promise.reject(new Error('quota')),
      all: () => Promise.reject(new Error('gone')),
      del: () => Promise.reject(new Error('gone')),
      state: () => Promise.reject(new Error('gone')),
    };
    const p = page(broken, {
      post: () => {
        throw new Error('boom');
      },
      beacon: () => {
        throw new Error('boom');
      },
    });
    p.track();
    expect(() => p.sender.flush(false)).not.toThrow();
    p.track();
    expect(() => hide()).not.toThrow();
    await expect(p.sender.send()).resolves.toBeUndefined();
    await tick(FLUSH_INTERVAL_MS);
  });

  it('opens IndexedDB when idle, not while the page loads, and replays 10 s later', async () => {
    const open = vi.spyOn(indexedDB, 'open');
    const buffer = openBuffer(`idle-${++dbs}`);
    await buffer.put([{ e: { session: 'earlier' }, v: '[{"id":"earlier-1"}]', n: 1, s: 40, t: START }]);
    open.mockClear();
    const p = page(openBuffer(`idle-${dbs}`));
    expect(open).not.toHaveBeenCalled();
    await tick(1);
    expect(open).toHaveBeenCalledTimes(1);
    await tick(FLUSH_INTERVAL_MS - 10);
    expect(p.sent).toEqual([]);
    await tick(20);
    expect(p.sent.map((s) => s.batch.session)).toEqual(['earlier']);
  });
});
