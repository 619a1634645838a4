// When the SDK may send: retry backoff and a circuit breaker, as pure state
// transitions on an injected clock. A few failures in a row back off (1 s, 2 s,
// jittered, or the server's Retry-After); then the breaker opens for 30 s, and
// each failed trial after that doubles it, up to 5 minutes. One success closes it.

export const DELIVERY = {
  baseBackoffMs: 1_000,
  /** Consecutive failures that open the breaker. */
  failuresToOpen: 3,
  firstOpenMs: 30_000,
  maxOpenMs: 300_000,
} as const;

export interface DeliveryState {
  /** Consecutive failed sends. */
  failures: number;
  /** No send before this time (ms). */
  notBefore: number;
  /** How long the breaker was last opened for; 0 while closed. */
  openMs: number;
}

export const initialDelivery: DeliveryState = { failures: 0, notBefore: 0, openMs: 0 };

export function canSend(state: DeliveryState, now: number): boolean {
  return now >= state.notBefore;
}

/** Open: sending is paused after repeated failures (the next send after `notBefore` is a trial). */
export function isOpen(state: DeliveryState, now: number): boolean {
  return state.openMs > 0 && now < state.notBefore;
}

export function onSuccess(): DeliveryState {
  return initialDelivery;
}

/**
 * After a failed send (network error, 429, 5xx). `retryAfterMs` is the
 * server's Retry-After when it gave one; `random` in [0, 1) spreads retries
 * of many isolates so they do not arrive together.
 */
export function onFailure(
  state: DeliveryState,
  now: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): DeliveryState {
  const failures = state.failures + 1;
  const asked = Math.min(retryAfterMs ?? 0, DELIVERY.maxOpenMs);
  if (failures < DELIVERY.failuresToOpen) {
    const backoff = DELIVERY.baseBackoffMs * 2 ** (failures - 1);
    const jittered = backoff / 2 + (random() * backoff) / 2;
    return { failures, openMs: 0, notBefore: now + Math.max(jittered, asked) };
  }
  const openMs = state.openMs ? Math.min(state.openMs * 2, DELIVERY.maxOpenMs) : DELIVERY.firstOpenMs;
  return { failures, openMs, notBefore: now + Math.max(openMs, asked) };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined if absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What an answer to a batch means for the events in it. */
export type SendOutcome =
  /** Stored; `rejected` events in it were invalid (the server names them). */
  | { kind: 'sent'; rejected: number }
  /** Never retried: the batch is dropped. `failure` when the server refuses us altogether (bad token). */
  | { kind: 'dropped'; failure: boolean }
  /** Worth retrying later: the events go back to the buffer. */
  | { kind: 'retry'; retryAfterMs?: number };

export function outcomeOf(status: number, retryAfterMs?: number, rejected = 0): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent', rejected };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', retryAfterMs };
  return { kind: 'dropped', failure: status === 401 || status === 403 || status === 404 };
}
