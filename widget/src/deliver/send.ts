// Delivery: events are queued, then at each flush turned into batches that are
// written to the buffer before anything is sent, and removed only after the
// server's 202 (or a refusal no retry can fix). Flushes happen on a 10 s timer
// and when the page is hidden or unloaded (the last reliable moment on mobile,
// https://developer.chrome.com/docs/web-platform/page-lifecycle-api): then by
// sendBeacon, whose batches stay stored and are confirmed by a fetch from a later
// page (the server dedupes by event id: at-least-once delivery, counted once).
// What is stored is sent oldest first at page load, on `online`, and on retry.
import type { DropReason } from '../../../shared/protocol';
import { whenIdle } from '../lib/when-idle';
import { BUFFER_LIMITS, openBuffer, store, type Buffer, type BufferLimits, type StoredBatch } from './idb-buffer';
import { createLossCounter } from './loss';
import { toBody, type Queue } from './queue';
import { afterFailure, retryable, type RetryState } from './retry';
import { beacon as sendBeacon, post as sendFetch, type Post } from './transport';

export const FLUSH_INTERVAL_MS = 10_000;
/** Stored batches older than this are dropped (counted as `expired` unless a beacon carried them). */
export const MAX_AGE_MS = 7 * 24 * 3_600_000;
/** One tab at a time sends what the tabs of a site share in the buffer. */
export const FLUSH_LOCK = 'sightline-flush';

export interface SenderOptions {
  endpoint: string;
  queue: Queue;
  /** The batch envelope (siteKey, session, page, lms), read at each flush. */
  envelope: () => object;
  intervalMs?: number;
  // Injected by tests; the defaults are the browser's.
  buffer?: Buffer;
  limits?: BufferLimits;
  now?: () => number;
  random?: () => number;
  post?: Post;
  beacon?: (endpoint: string, body: string) => boolean;
}

export interface Sender {
  /** Call after queueing (or counting): starts the timer flush when none is pending. */
  schedule(): void;
  flush(unloading: boolean): void;
  /** Runs `fn` just before every flush, e.g. to queue counts accumulated since the last one. */
  onFlush(fn: () => void): void;
  /** Counts events dropped before delivery; reported in the next batch. */
  drop(reason: DropReason, n?: number): void;
  /** Sends what the buffer holds, oldest first, unless a retry wait is on; resolves when done. */
  send(): Promise<void>;
}

const ignore = () => {};

export function createSender(options: SenderOptions): Sender {
  const {
    endpoint, queue, envelope, intervalMs = FLUSH_INTERVAL_MS, buffer = openBuffer(), limits = BUFFER_LIMITS,
    now = Date.now, random = Math.random, post = sendFetch, beacon = sendBeacon,
  } = options;
  const hooks: (() => void)[] = [];
  const loss = createLossCounter();
  let retry: RetryState = { f: 0, u: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;

  const guard = (fn: () => void) => () => {
    try {
      fn();
    } catch {
      // Never surface a delivery failure to the page.
    }
  };
  const schedule = () => {
    timer ??= setTimeout(guard(() => flush(false)), intervalMs);
  };
  const drop = (reason: DropReason, n = 1) => {
    if (n > 0) {
      loss.add(reason, n);
      schedule();
    }
  };
  const later = (ms: number) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void send(), ms);
  };
  const keep = (batches: StoredBatch[]) => store(buffer, batches, limits).then((n) => drop('overflow', n));

  /** Queued events (and the loss report) as batches, each with the envelope they were collected under. */
  function take(t: number): StoredBatch[] {
    for (const hook of hooks) hook();
    drop('overflow', queue.lost());
    const report = loss.take(t);
    // The report goes even when the queue is full: it is what says that it was.
    if (report) queue.push(report, true);
    clearTimeout(timer);
    timer = undefined;
    const e = { ...envelope(), sentAt: t };
    return queue.drain(e).map((chunk) => ({ ...chunk, e, t }));
  }

  function flush(unloading: boolean) {
    const t = now();
    const batches = take(t);
    if (!batches.length) return;
    // At unload a beacon goes too, as nothing may run after this handler; its batches
    // stay stored (marked) until a later fetch confirms them. Not during a retry wait:
    // the server asked for quiet, and the next page sends them.
    const beaconing = unloading && t >= retry.u;
    if (beaconing) for (const b of batches) b.b = t;
    // Stored first: the write starts now, before the beacon (see openBuffer).
    const stored = keep(batches);
    if (beaconing) {
      for (const b of batches) {
        const body = toBody(b.e, b.v, t);
        if (!beacon(endpoint, body)) void post(endpoint, body);
      }
    }
    stored.then(unloading ? ignore : send, ignore);
  }

  /** Sends stored batches oldest first until none is left, a retry wait begins or the browser is offline. */
  async function drain() {
    try {
      retry = (await buffer.state()) ?? retry;
      for (let batches; (batches = await buffer.all()).length; ) {
        for (const b of batches) {
          const t = now();
          if (t < retry.u) return later(retry.u - t);
          if (navigator.onLine === false) return; // `online` resumes
          if (t - b.t > MAX_AGE_MS) {
            if (!b.b) drop('expired', b.n);
          } else {
            const [status, retryAfter, rejected = 0] = await post(endpoint, toBody(b.e, b.v, t));
            if (retryable(status)) {
              // Retry-After counts from the answer, not from when the request left.
              const at = now();
              await buffer.state((retry = afterFailure(retry, retryAfter, at, random)));
              return later(retry.u - at);
            }
            // A 202 may refuse some events; any other 4xx refuses them all, and retrying cannot help.
            drop('rejected', status < 300 ? rejected : b.n);
            if (retry.f) await buffer.state((retry = { f: 0, u: 0 }));
          }
          await buffer.del([b.k!]);
        }
      }
    } catch {
      // The buffer failed: what it holds waits for the next trigger.
    }
  }

  function send(): Promise<void> {
    return (sending ??= new Promise<void>((resolve) => {
      const run = () => drain().then(resolve);
      try {
        // ifAvailable: when another tab holds the lock it is already sending what we stored;
        // look again later in case it finished before our batches were written.
        navigator.locks
          .request(FLUSH_LOCK, { ifAvailable: true }, (lock) => (lock ? run() : (later(intervalMs), resolve())))
          .catch(run);
      } catch {
        run(); // No Web Locks: tabs may both send a batch, and the server dedupes it.
      }
    }).finally(() => (sending = undefined)));
  }

  // Listening on document (target phase) runs after web-vitals' capture-phase
  // window listener, so the final CLS/INP/LCP reports are queued before we flush.
  document.addEventListener('visibilitychange', guard(() => document.visibilityState === 'hidden' && flush(true)));
  addEventListener('pagehide', guard(() => flush(true)));
  addEventListener('online', () => void send());
  // What earlier pages left is sent once this one is idle.
  whenIdle(() => void send());

  return { schedule, flush: (unloading) => guard(() => flush(unloading))(), onFlush: (fn) => void hooks.push(fn), drop, send };
}
