// Delivery: flushes the queue when the page is hidden or unloaded (the last
// reliable moment on mobile, https://developer.chrome.com/docs/web-platform/page-lifecycle-api)
// and on a 10 s timer while events wait. Bodies go as text/plain, a CORS-safelisted
// type, so no preflight is needed.
import { utf8Length, type Queue } from './queue';

export const FLUSH_INTERVAL_MS = 10_000;
/** Browsers refuse keepalive requests once 64 KiB are in flight together. */
const KEEPALIVE_QUOTA = 65_536;

export interface SenderOptions {
  endpoint: string;
  queue: Queue;
  /** The batch envelope (siteKey, session, page, lms), read at each flush. */
  envelope: () => object;
  intervalMs?: number;
}

export interface Sender {
  /** Call after queueing (or counting): starts the timer flush when none is pending. */
  schedule(): void;
  flush(unloading: boolean): void;
  /** Runs `fn` just before every flush, e.g. to queue counts accumulated since the last one. */
  onFlush(fn: () => void): void;
}

let keepaliveBytes = 0;

function beacon(endpoint: string, body: string): boolean {
  try {
    return typeof navigator.sendBeacon === 'function' &&
      navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }));
  } catch {
    return false;
  }
}

/** sendBeacon when unloading; otherwise (or when it refuses) fetch with keepalive while under the quota. */
export function post(endpoint: string, body: string, unloading: boolean): void {
  if (unloading && beacon(endpoint, body)) return;
  const bytes = utf8Length(body);
  const keepalive = keepaliveBytes + bytes < KEEPALIVE_QUOTA;
  if (keepalive) keepaliveBytes += bytes;
  const done = () => {
    if (keepalive) keepaliveBytes -= bytes;
  };
  try {
    fetch(endpoint, {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      headers: { 'content-type': 'text/plain' },
    }).then(done, done);
  } catch {
    done();
  }
}

export function createSender(options: SenderOptions): Sender {
  const { endpoint, queue, envelope, intervalMs = FLUSH_INTERVAL_MS } = options;
  const hooks: (() => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (unloading: boolean) => {
    // Hooks may queue events (and so call schedule): run them before the timer is reset.
    for (const hook of hooks) hook();
    clearTimeout(timer);
    timer = undefined;
    for (const body of queue.drain(envelope())) post(endpoint, body, unloading);
  };
  const guarded = (unloading: boolean) => () => {
    try {
      flush(unloading);
    } catch {
      // Never surface a delivery failure to the page.
    }
  };

  // Listening on document (target phase) runs after web-vitals' capture-phase
  // window listener, so the final CLS/INP/LCP reports are queued before we flush.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') guarded(true)();
  });
  addEventListener('pagehide', guarded(true));

  return {
    schedule() {
      if (timer === undefined) timer = setTimeout(guarded(false), intervalMs);
    },
    flush,
    onFlush: (fn) => void hooks.push(fn),
  };
}
