// The live connection: the server's event stream (GET /v1/stream) with its state
// for the page to show, reconnection with exponential backoff and jitter, a
// watchdog for a stream that went silent, and polling where the runtime has no
// stream (Workers). No DOM: timers and the connection are passed in.
import { signal } from '@preact/signals';
import type { StreamMessage } from '../../../shared/dashboard';

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'stopped';

/** What the page should refresh: new events for these sites, alerts, or everything (after a gap or a poll). */
export type LiveUpdate =
  { type: 'ingest'; sites: Record<string, number> } | { type: 'alerts' } | { type: 'all' };

/** Thrown by `connect` when the server has no stream (501): poll instead. */
export class NoStreamError extends Error {}

export interface LiveDeps {
  /** Opens the stream; resolves when the server ends it, rejects when it fails. `onActivity` on any bytes (heartbeats too). */
  connect(onMessage: (m: StreamMessage) => void, onActivity: () => void, signal: AbortSignal): Promise<void>;
  clock?: () => number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
  /** Polling interval without a stream. */
  pollMs?: number;
  /** A stream silent this long (no heartbeat) is considered dead. */
  silentMs?: number;
}

export const MAX_BACKOFF_MS = 30_000;

/** The wait before reconnect attempt `n` (0-based): 1 s, 2 s, 4 s … up to 30 s, ±20 % jitter. */
export function backoff(n: number, random: () => number = Math.random): number {
  return Math.round(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** n) * (0.8 + 0.4 * random()));
}

export function createLive(deps: LiveDeps) {
  const clock = deps.clock ?? Date.now;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((id) => clearTimeout(id as number));
  const state = signal<LiveState>('stopped');
  /** When the next reconnect attempt happens, while reconnecting. */
  const retryAt = signal<number | null>(null);
  const lastMessageAt = signal<number | null>(null);
  const listeners = new Set<(u: LiveUpdate) => void>();
  let failures = 0;
  let controller: AbortController | null = null;
  let timer: unknown = null;
  let watchdog: unknown = null;
  let hadGap = false;

  // A function, not an inline comparison: the state changes while awaiting.
  const stopped = () => state.peek() === 'stopped';
  const emit = (u: LiveUpdate) => listeners.forEach((l) => l(u));
  const clear = () => {
    if (timer !== null) clearTimer(timer);
    if (watchdog !== null) clearTimer(watchdog);
    timer = watchdog = null;
  };
  const arm = () => {
    if (watchdog !== null) clearTimer(watchdog);
    watchdog = setTimer(() => controller?.abort(new Error('stream silent')), deps.silentMs ?? 45_000);
  };

  function onMessage(m: StreamMessage) {
    lastMessageAt.value = clock();
    if (m.type === 'hello') {
      state.value = 'live';
      retryAt.value = null;
      failures = 0;
      // Whatever happened while the stream was down was missed: refresh everything.
      if (hadGap) emit({ type: 'all' });
      hadGap = false;
    } else if (m.type === 'ingest') emit({ type: 'ingest', sites: m.sites });
    else if (m.type === 'alerts') emit({ type: 'alerts' });
  }

  function poll() {
    state.value = 'polling';
    timer = setTimer(() => {
      emit({ type: 'all' });
      poll();
    }, deps.pollMs ?? 30_000);
  }

  async function connect() {
    clear();
    controller = new AbortController();
    const mine = controller;
    if (state.value !== 'reconnecting') state.value = 'connecting';
    arm();
    try {
      await deps.connect(onMessage, arm, mine.signal);
      if (stopped()) return;
    } catch (e) {
      if (stopped()) return;
      if (e instanceof NoStreamError) {
        clear();
        poll();
        return;
      }
    }
    if (stopped()) return;
    // The stream ended or failed: keep the data, say so, try again later.
    clear();
    hadGap = true;
    const wait = backoff(failures++, deps.random);
    state.value = 'reconnecting';
    retryAt.value = clock() + wait;
    timer = setTimer(() => void connect(), wait);
  }

  return {
    state,
    retryAt,
    lastMessageAt,
    onUpdate(listener: (u: LiveUpdate) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    start() {
      if (state.peek() !== 'stopped') return;
      state.value = 'connecting';
      void connect();
    },
    /** Skips the wait: reconnect now. */
    retryNow() {
      if (state.peek() === 'reconnecting') void connect();
    },
    stop() {
      state.value = 'stopped';
      clear();
      controller?.abort();
    },
  };
}
export type Live = ReturnType<typeof createLive>;
