// Live updates for the dashboard: a tiny in-process pub/sub. The Node runtime feeds it
// after each durable ingest commit (withLivePublish) and when alert states change;
// GET /v1/stream (routes/dashboard.ts) relays it as Server-Sent Events. Workers have no
// memory shared between isolates, so they run without a hub and the dashboard polls.
import type { Store } from '../ports';

/** What a subscriber hears: new events for a site, or alerts changed state. */
export type LiveMessage = { type: 'ingest'; site: string; events: number } | { type: 'alerts' };

export interface LiveHub {
  /** Calls `listener` with every message until the returned function is called. */
  onMessage(listener: (m: LiveMessage) => void): () => void;
  publish(message: LiveMessage): void;
  subscribers(): number;
  /** Tells every subscriber to end (server shutdown), then drops them. */
  close(): void;
  onClose(listener: () => void): () => void;
}

export function createLiveHub(): LiveHub {
  const listeners = new Set<(m: LiveMessage) => void>();
  const closers = new Set<() => void>();
  const add = <T>(set: Set<T>, item: T) => (set.add(item), () => void set.delete(item));
  return {
    onMessage: (listener) => add(listeners, listener),
    onClose: (listener) => add(closers, listener),
    publish(message) {
      for (const l of [...listeners]) l(message);
    },
    subscribers: () => listeners.size,
    close() {
      for (const c of [...closers]) c();
      listeners.clear();
      closers.clear();
    },
  };
}

/** The store, publishing `ingest` once each commit with new events is durable. */
export function withLivePublish(store: Store, hub: LiveHub): Store {
  return {
    ...store,
    async commit(batch, receipt, derived) {
      const fresh = await store.commit(batch, receipt, derived);
      if (fresh > 0) hub.publish({ type: 'ingest', site: batch.siteId, events: fresh });
      return fresh;
    },
  };
}

/** A signature of every alert's id, state and acknowledgement: it changes when any of them does. */
export async function alertSignature(store: Store): Promise<string> {
  const instances = await store.alertInstances();
  return instances
    .map((i) => `${i.id}:${i.state}:${i.ack ? 1 : 0}`)
    .sort()
    .join(',');
}

/**
 * Publishes `alerts` whenever the signature changes, checking every `everyMs` while
 * anyone listens. Returns a stop function.
 */
export function watchAlerts(store: Store, hub: LiveHub, everyMs = 2_000): () => void {
  let last: string | null = null;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || hub.subscribers() === 0) return;
    busy = true;
    try {
      const now = await alertSignature(store);
      if (last !== null && now !== last) hub.publish({ type: 'alerts' });
      last = now;
    } catch {
      // The next tick tries again; a failed read is not a state change.
    } finally {
      busy = false;
    }
  }, everyMs);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
