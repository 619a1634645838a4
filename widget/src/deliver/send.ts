// Delivery: events are queued, then at each flush turned into batches that are
// written to the buffer before anything is sent, and removed only after the
// server's 202 (or a refusal no retry can fix). Flushes happen on a 10 s timer
// and when the page is hidden or unloaded (the last reliable moment on mobile,
// https://developer.chrome.com/docs/web-platform/page-lifecycle-api): then by
// sendBeacon, whose batches stay stored and are confirmed by a fetch from a later
// page, whole as it was cut (the server knows a batch again by its events: at-least-once
// delivery, counted once).
// What is stored is sent oldest first 10 s after page load, on `online`, and on retry.
import type { DropReason, DroppedEvent } from '../../../shared/protocol';
import { onHidden } from '../lib/observe';
import { randomId } from '../lib/random-id';
import { attempt, whenIdle } from '../lib/safe';
import { openBuffer, store, type Buffer, type BufferLimits, type StoredBatch } from './idb-buffer';
import { QUEUE_LIMITS, toBody, toChunks, type QueueLimits } from './queue';
import { afterFailure, BREAK_AFTER, retryable, type RetryState } from './retry';
import { beacon as sendBeacon, post as sendFetch, type Post } from './transport';

export const FLUSH_INTERVAL_MS = 10_000;
/** Stored batches older than this are dropped (counted as `expired` unless a beacon carried them). */
export const MAX_AGE_MS = 7 * 24 * 3_600_000;
/** One tab at a time sends what the tabs of a site share in the buffer. */
export const FLUSH_LOCK = 'sightline-flush';

export interface SenderOptions {
  endpoint: string;
  /** The batch envelope (siteKey, session, page, lms), read at each flush. */
  envelope: () => object;
  /** Runs just before every flush, e.g. to queue counts accumulated since the last one. */
  beforeFlush?: () => void;
  // Injected by tests; the defaults are the browser's, and the limits of the modules.
  queueLimits?: QueueLimits;
  buffer?: Buffer;
  limits?: BufferLimits;
  random?: () => number;
  post?: Post;
  beacon?: (endpoint: string, body: string) => boolean;
}

export interface Sender {
  /** Queues an event (dropped as overflow beyond the limit) and starts the timer flush when none is pending. */
  push(event: object): void;
  /** Starts the timer flush when none is pending. */
  schedule(): void;
  flush(unloading: boolean): void;
  /** Counts events dropped before delivery; reported in the next batch. */
  drop(reason: DropReason, n?: number): void;
  /** Sends what the buffer holds, oldest first, unless a retry wait is on; resolves when done. */
  send(): Promise<void>;
}

const ignore = () => {};

export function createSender(options: SenderOptions): Sender {
  const {
    endpoint,
    envelope,
    queueLimits = QUEUE_LIMITS,
    buffer = openBuffer(),
    limits,
    random = Math.random,
    post = sendFetch,
    beacon = sendBeacon,
  } = options;
  // Events wait here, serialised once when queued, so sizes are exact and a later change
  // to the event object cannot alter what is sent.
  let pending: string[] = [];
  // The loss report: events dropped since the last one, by reason, sent in the next batch
  // as a `dropped` event so the server can tell loss from silence.
  let lost: DroppedEvent['counts'] | undefined;
  let retry: RetryState = { f: 0, u: 0 };
  // A page load may try once even while the breaker is open (half-open on navigation):
  // one request per page view is no more than normal traffic, and a server that is back
  // is seen at once instead of minutes later.
  let probe = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;

  const schedule = () => {
    timer ??= setTimeout(flush, FLUSH_INTERVAL_MS, false);
  };
  const drop = (reason: DropReason, n = 1) => {
    if (n > 0) {
      lost ??= {};
      lost[reason] = Math.min((lost[reason] ?? 0) + n, 1_000_000);
      schedule();
    }
  };
  const push = (event: object) => {
    const json = pending.length < queueLimits.maxPending && attempt(() => JSON.stringify(event));
    if (json) {
      pending.push(json);
      schedule();
    } else drop('overflow');
  };
  const later = (ms: number) => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(send, ms);
  };

  /** Queued events (and the loss report) become batches, each stored with the envelope they were collected under. */
  function flush(unloading: boolean) {
    attempt(() => {
      const t = Date.now();
      options.beforeFlush?.();
      // The report has its own id like any event, so a resent one is counted once;
      // it goes even when the queue is full: it is what says that it was.
      if (lost) pending.push(JSON.stringify({ id: randomId(), t, kind: 'dropped', counts: lost }));
      lost = undefined;
      clearTimeout(timer);
      timer = undefined;
      // At unload a beacon goes too, as nothing may run after this handler; its batches
      // stay stored, marked `b`, until a later fetch confirms them. Not during a retry
      // wait: the server asked for quiet, and the next page sends them.
      const beaconed = unloading && t >= retry.u ? t : undefined;
      const e = { ...envelope(), sentAt: t };
      const [chunks, tooBig] = toChunks(pending, e, queueLimits);
      pending = [];
      drop('overflow', tooBig);
      const batches: StoredBatch[] = chunks.map((chunk) => ({ ...chunk, e, t, b: beaconed }));
      if (!batches.length) return;
      // Stored first: the write starts now, before the beacon (see openBuffer).
      store(buffer, batches, limits)
        .then((n) => drop('overflow', n))
        .then(unloading ? ignore : send, ignore);
      if (beaconed) {
        for (const b of batches) {
          const body = toBody(e, b.v, t);
          if (!beacon(endpoint, body)) void post(endpoint, body);
        }
      }
    });
  }

  /** Sends stored batches oldest first until none is left, a retry wait begins or the browser is offline. */
  async function drain() {
    try {
      retry = (await buffer.state()) ?? retry;
      for (let batches; (batches = await buffer.all()).length;) {
        for (const b of batches) {
          const t = Date.now();
          if (!navigator.onLine) return; // `online` resumes
          if (t < retry.u && !(probe && retry.f >= BREAK_AFTER)) return later(retry.u - t);
          probe = false;
          if (t - b.t > MAX_AGE_MS) {
            if (!b.b) drop('expired', b.n);
          } else {
            const [status, retryAfter, rejected = 0] = await post(endpoint, toBody(b.e, b.v, t));
            if (retryable(status)) {
              // Kept: the loop's next turn finds the wait and schedules the retry.
              // Retry-After counts from the answer, not from when the request left.
              await buffer.state((retry = afterFailure(retry, retryAfter, Date.now(), random)));
              continue;
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
    return (sending ??= (async () => {
      try {
        // ifAvailable: when another tab holds the lock it is already sending what we stored;
        // look again later in case it finished before our batches were written.
        await navigator.locks.request(FLUSH_LOCK, { ifAvailable: true }, (lock) =>
          lock ? drain() : later(FLUSH_INTERVAL_MS),
        );
      } catch {
        await drain(); // No Web Locks: tabs may both send a batch, and the server dedupes it.
      }
      sending = undefined; // always after an await, so after `sending` was set
    })());
  }

  // After the collectors' and web-vitals' own listeners (see onHidden), so the final
  // CLS/INP/LCP reports and summaries are queued before this flush.
  onHidden(() => flush(true), true);
  addEventListener('online', send);
  // IndexedDB is opened once the page is idle: a write made as the page unloads must find
  // it open (an open begun then does not finish, and the batch would be lost with a failed
  // beacon; the e2e offline scenario caught it). What earlier pages left waits until this
  // page's first flush, or 10 s and idle: the Web Lock and the sends can wait.
  whenIdle(() => buffer.state().catch(ignore));
  setTimeout(whenIdle, FLUSH_INTERVAL_MS, send);

  return { push, schedule, flush, drop, send };
}
