// Delivers the outbox: claims due notifications, sends each through its channel's
// notifier, and records every attempt. 429, 5xx and network errors are retried
// with exponential backoff and jitter (at least Retry-After) for up to an hour;
// other answers fail at once. A notification is claimed with a lease, so after a
// crash mid-send it is retried, never lost; once sent it is never sent again.
import type { Clock, DeliveryResult, Notify, Store, StoredNotification } from '../../ports';

export interface DeliverDeps {
  store: Store;
  clock: Clock;
  notify: Notify;
  /** For the jitter; Math.random by default. */
  random?: () => number;
  /** Give up retrying this long after the notification was created (default 1 h). */
  maxAgeMs?: number;
}

const BASE_MS = 2_000;
const CAP_MS = 300_000;
/** A claimed notification is retried after this if its deliverer vanished. */
const LEASE_MS = 120_000;

/** Exponential backoff with jitter (between half and all of 2 s × 2^n, at most 5 min), and never sooner than Retry-After. */
export function backoffMs(attempt: number, random: () => number, retryAfterMs = 0): number {
  const exp = Math.min(CAP_MS, BASE_MS * 2 ** attempt);
  return Math.max(retryAfterMs, Math.round(exp * (0.5 + random() / 2)));
}

/** Sends what is due now; returns the notifications it attempted, as recorded. */
export async function deliverDue(
  deps: DeliverDeps,
  signal?: AbortSignal,
): Promise<{ id: string; status: StoredNotification['status'] }[]> {
  const { store, clock } = deps;
  const claimed = await store.claimNotifications(clock(), LEASE_MS, 50);
  if (!claimed.length) return [];
  const channels = new Map((await store.listChannels()).map((c) => [c.id, c]));
  const done: { id: string; status: StoredNotification['status'] }[] = [];
  for (const n of claimed) {
    if (signal?.aborted) break; // the lease runs out and the next start retries it
    const channel = channels.get(n.channelId);
    let result: DeliveryResult;
    if (!channel)
      result = {
        ok: false,
        status: null,
        retryable: false,
        error: `channel ${n.channelId} no longer exists`,
      };
    else {
      result = await deps.notify(channel, n.payload, n.kind).catch((e: unknown) => ({
        ok: false,
        status: null,
        retryable: true,
        error: e instanceof Error ? e.message : String(e),
      }));
    }
    const at = clock();
    const attempt = {
      at,
      ok: result.ok,
      status: result.status,
      error: result.ok ? null : (result.error ?? `status ${result.status}`),
    };
    const retry = !result.ok && result.retryable && at - n.createdAt < (deps.maxAgeMs ?? 3_600_000);
    const status = result.ok ? 'sent' : retry ? 'pending' : 'failed';
    const nextAttemptAt = retry
      ? at + backoffMs(n.attempts.length, deps.random ?? Math.random, result.retryAfterMs)
      : at;
    await store.recordDelivery(n.id, attempt, { status, nextAttemptAt });
    done.push({ id: n.id, status });
  }
  return done;
}
