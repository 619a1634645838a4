import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../shared/dashboard';
import { backoff, createLive, NoStreamError, type LiveUpdate } from './live';

/** A fake clock and timer queue, and a stream the test opens, feeds and cuts. */
function harness() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const streams: { onMessage: (m: StreamMessage) => void; end: () => void; fail: (e: Error) => void }[] = [];
  let refuse: Error | null = null;
  const live = createLive({
    clock: () => now,
    random: () => 0.5,
    setTimer: (fn, ms) => (timers.push({ at: now + ms, fn, id: nextId }), nextId++),
    clearTimer: (id) => (timers = timers.filter((t) => t.id !== id)),
    connect: (onMessage, _activity, signal) =>
      new Promise<void>((resolve, reject) => {
        if (refuse) return reject(refuse);
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        streams.push({ onMessage, end: resolve, fail: reject });
      }),
  });
  const updates: LiveUpdate[] = [];
  live.onUpdate((u) => updates.push(u));
  const advance = async (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      due.fn();
      await Promise.resolve();
    }
    await new Promise((r) => setTimeout(r, 0));
  };
  return { live, streams, updates, advance, refuse: (e: Error | null) => (refuse = e) };
}

describe('live connection', () => {
  it('backs off exponentially with jitter, up to 30 s', () => {
    expect([0, 1, 2, 3].map((n) => backoff(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(10, () => 0.5)).toBe(30_000);
    expect(backoff(0, () => 0)).toBe(800);
    expect(backoff(0, () => 1)).toBe(1200);
  });

  it('is live after hello, relays updates, reconnects after a cut and then refreshes everything', async () => {
    const h = harness();
    h.live.start();
    expect(h.live.state.value).toBe('connecting');
    h.streams[0].onMessage({ type: 'hello', at: 0 });
    expect(h.live.state.value).toBe('live');
    h.streams[0].onMessage({ type: 'ingest', at: 1, sites: { s1: 3 } });
    h.streams[0].onMessage({ type: 'alerts', at: 2 });
    expect(h.updates).toEqual([{ type: 'ingest', sites: { s1: 3 } }, { type: 'alerts' }]);

    h.streams[0].end(); // the server went away
    await h.advance(0);
    expect(h.live.state.value).toBe('reconnecting');
    expect(h.live.retryAt.value).toBe(1000);
    h.refuse(new Error('ECONNREFUSED'));
    await h.advance(1000); // first retry fails
    expect(h.live.state.value).toBe('reconnecting');
    expect(h.live.retryAt.value).toBe(1000 + 2000);
    h.refuse(null);
    await h.advance(2000);
    expect(h.streams).toHaveLength(2);
    h.streams[1].onMessage({ type: 'hello', at: 3000 });
    expect(h.live.state.value).toBe('live');
    expect(h.updates.at(-1)).toEqual({ type: 'all' });
  });

  it('polls every 30 s where the server has no stream', async () => {
    const h = harness();
    h.refuse(new NoStreamError('501'));
    h.live.start();
    await h.advance(0);
    expect(h.live.state.value).toBe('polling');
    await h.advance(30_000);
    await h.advance(30_000);
    expect(h.updates).toEqual([{ type: 'all' }, { type: 'all' }]);
  });

  it('treats a silent stream as dead', async () => {
    const h = harness();
    h.live.start();
    h.streams[0].onMessage({ type: 'hello', at: 0 });
    await h.advance(45_000);
    expect(h.live.state.value).toBe('reconnecting');
  });

  it('stops without reconnecting', async () => {
    const h = harness();
    h.live.start();
    h.live.stop();
    await h.advance(60_000);
    expect(h.live.state.value).toBe('stopped');
    expect(h.streams).toHaveLength(1);
  });
});
