// When to try again after a failed send: pure, the clock and randomness passed in.
// Retry-After follows RFC 9110 §10.2.3 (delta-seconds or an HTTP-date); backoff is
// exponential with jitter so that many pages do not retry in step; after a run of
// failures a circuit breaker waits minutes, not seconds, before one trial request.

export const BASE_MS = 1_000;
export const MAX_BACKOFF_MS = 60_000;
/** Consecutive failures that open the circuit breaker, and how long it then stays open. */
export const BREAK_AFTER = 5;
export const BREAK_MS = 5 * 60_000;
/** A longer Retry-After is taken as this: a far-off date must not silence a site for good. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Statuses worth retrying: network errors (0), timeouts, too early, rate limits and server errors. */
export function retryable(status: number): boolean {
  return !status || status >= 500 || [408, 425, 429].includes(status);
}

/** Milliseconds a Retry-After value asks to wait from `now`; undefined when absent or unparsable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  const v = value?.trim() ?? '';
  // Date.parse is lenient ("1.5" is a date to it): only an IMF-fixdate-like value (it ends in GMT) counts.
  const ms = /^\d+$/.test(v) ? +v * 1_000 : / GMT$/.test(v) ? Date.parse(v) - now : NaN;
  return ms === ms ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** The wait after the `failures`-th failure in a row: 0.5–1 s, 1–2 s, 2–4 s … ≤ 60 s, then the breaker's 5 min. */
export function backoffMs(failures: number, random: () => number): number {
  if (failures >= BREAK_AFTER) return BREAK_MS;
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** (failures - 1));
  return (ceiling * (1 + random())) / 2;
}

/** Persisted between pages: failures in a row, and the epoch ms before which nothing is sent. */
export interface RetryState {
  f: number;
  u: number;
}

/** The state after a failure at `now`: the longer of the backoff and the server's Retry-After. */
export function afterFailure(
  state: RetryState,
  retryAfter: string | null | undefined,
  now: number,
  random: () => number,
): RetryState {
  const f = state.f + 1;
  return { f, u: now + Math.max(backoffMs(f, random), retryAfterMs(retryAfter, now) ?? 0) };
}
