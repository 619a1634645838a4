// Test support for alerting: a fresh SQLite store with one site, and synthetic
// metrics written through the store's commit path (batchRowOf / serverBatchRowOf).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Event } from '../../shared/protocol';
import type { ServerEvent } from '../../shared/server-protocol';
import { createNodeStore } from '../src/store/node-store';
import type { Store } from '../src/ports';
import { batchRowOf } from '../src/core/rollup';
import { serverBatchRowOf } from '../src/core/server-rollup';
import { defineRule } from '../src/core/alerts/config';
import type { NotificationKind, NotificationPayload, StoredChannel } from '../src/ports';
import type { DeliveryResult, Notify } from '../src/ports';

export const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
export const SITE = 'site_a';

export async function openStore(
  file = join(mkdtempSync(join(tmpdir(), 'sightline-alerts-')), 'a.db'),
): Promise<{ store: Store; file: string }> {
  const { store } = await createNodeStore({ file, commitThread: false });
  if (!(await store.listSites()).length)
    await store.createSite({ id: SITE, key: 'sk_a', name: 'A', origins: ['*'] }, T0);
  return { store, file };
}

let seq = 0;
const id = (p: string) => `${p}-${(seq++).toString(36).padStart(8, '0')}`;

/** `n` server requests at `t`, `errors` of them 5xx, each taking `ms`. */
export async function requests(store: Store, t: number, n: number, errors = 0, ms = 100, route = '/api/x') {
  const events: ServerEvent[] = Array.from(
    { length: n },
    (_, i) =>
      ({
        kind: 'request',
        id: id('req'),
        t,
        method: 'GET',
        route,
        status: i < errors ? 500 : 200,
        duration: ms,
      }) as ServerEvent,
  );
  const batch = serverBatchRowOf({ siteId: SITE, service: 'tool' }, events, t);
  await store.commit(batch, id('rcpt'));
}

/** `n` database queries at `t`, `failed` of them with a connection error. */
export async function queries(store: Store, t: number, n: number, failed = 0) {
  const events = Array.from(
    { length: n },
    (_, i) =>
      ({
        kind: 'db',
        id: id('db'),
        t,
        op: 'SELECT',
        template: 'SELECT 1',
        duration: 5,
        ok: i >= failed,
        ...(i < failed ? { errorKind: 'connection' } : {}),
        slow: false,
      }) as ServerEvent,
  );
  const batch = serverBatchRowOf({ siteId: SITE, service: 'tool' }, events, t);
  await store.commit(batch, id('rcpt'));
}

/** Browser events of one page view on `route` at `t`. */
export async function page(
  store: Store,
  t: number,
  events: Record<string, unknown>[],
  route = '/courses/:id',
) {
  const all = [{ kind: 'pageview' }, ...events].map((e) => ({ ...e, id: id('ev'), t }) as Event);
  const batch = batchRowOf(
    {
      siteId: SITE,
      session: id('s'),
      route,
      platform: 'canvas',
      frame: 'framed',
      device: 'desktop',
      country: '',
    },
    all,
    t,
  );
  await store.commit(batch, id('rcpt'));
}

export async function rule(store: Store, input: Record<string, unknown>, now = T0) {
  const r = defineRule({ severity: 'critical', channels: ['hook'], ...input });
  await store.putAlertRule(r, 'api', now);
  return r;
}

export async function hook(store: Store, extra: Record<string, unknown> = {}) {
  await store.putChannel(
    {
      id: 'hook',
      type: 'webhook',
      url: 'http://127.0.0.1:9/never',
      sendResolved: true,
      groupWait: 30_000,
      groupInterval: 300_000,
      repeatInterval: 14_400_000,
      maxAlerts: 0,
      ...extra,
    } as StoredChannel,
    'api',
    T0,
  );
}

/** A Notify that records what it was asked to send and answers `answer` (ok by default). */
export function recorder(
  answer: (n: number) => DeliveryResult = () => ({ ok: true, status: 200, retryable: false }),
) {
  const sent: { channel: string; kind: NotificationKind; payload: NotificationPayload }[] = [];
  const notify: Notify = async (channel, payload, kind) => {
    sent.push({ channel: channel.id, kind, payload });
    return answer(sent.length);
  };
  return { sent, notify };
}
