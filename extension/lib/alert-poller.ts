// The background's alert poll: fetch the active alerts, cache them, set the badge,
// announce new critical ones. Everything it touches is passed in, so tests run it
// with a fake clock and fakes for the browser APIs.
import type { AlertView } from '../../shared/alerts';
import { badgeFor, newCriticals } from './alerts';
import { ServerError } from './server-client';
import type { AlertCache } from './types';

export const EMPTY_CACHE: AlertCache = { alerts: [], fetchedAt: null, error: null, notified: [], role: null };

export interface PollerDeps {
  clock: () => number;
  fetchAlerts: () => Promise<AlertView[]>;
  load: () => Promise<AlertCache>;
  save: (cache: AlertCache) => Promise<void>;
  setBadge: (badge: { text: string; colour: string; title: string }) => Promise<void>;
  notify: (alert: AlertView) => Promise<void>;
  /** The token's role, asked once per configuration (admin may acknowledge). */
  fetchRole?: () => Promise<'read' | 'admin'>;
}

export function createAlertPoller(deps: PollerDeps) {
  /** One poll; resolves to the new cache. Never rejects: failures are cached. */
  async function pollOnce(): Promise<AlertCache> {
    const before = await deps.load();
    let next: AlertCache;
    try {
      const alerts = await deps.fetchAlerts();
      const fresh = newCriticals(alerts, before.notified);
      for (const alert of fresh) await deps.notify(alert).catch(() => undefined);
      // Keep only ids still active, so the list does not grow forever; a resolved alert that fires again is a new id.
      const active = new Set(alerts.map((a) => a.id));
      const notified = [...before.notified.filter((id) => active.has(id)), ...fresh.map((a) => a.id)];
      const role = before.role ?? (await deps.fetchRole?.().catch(() => null)) ?? null;
      next = { ...before, alerts, fetchedAt: deps.clock(), error: null, notified, role };
    } catch (err) {
      const kind = err instanceof ServerError ? err.kind : 'unreachable';
      next = {
        ...before,
        error: { kind, message: err instanceof Error ? err.message : String(err), at: deps.clock() },
      };
    }
    await deps.save(next);
    await deps.setBadge(badgeFor(next.alerts, !!next.error && next.error.kind !== 'unconfigured'));
    return next;
  }
  // Polls run one after another: two at once (the alarm and a settings change) would
  // each read the same cache and the later write would undo the earlier one.
  let last: Promise<AlertCache> = Promise.resolve(EMPTY_CACHE);
  const poll = (): Promise<AlertCache> => (last = last.then(pollOnce, pollOnce));
  return { poll };
}
