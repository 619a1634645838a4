import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { createNodeStore } from '../store/node-store';
import type { ServerEvent } from '../../../shared/server-protocol';
import type { Store } from '../ports';
import { cardinalityFromEnv } from './cardinality';
import { batchRowOf, type Envelope } from './rollup';
import { serverBatchRowOf } from './server-rollup';

const NOW = Date.UTC(2026, 10, 27, 12);
const env: Envelope = {
  siteId: 'site_a',
  session: 's1',
  route: '/a',
  platform: 'canvas',
  frame: 'framed',
  device: '',
  country: '',
};
const pageview = (id: string): Event => ({ kind: 'pageview', id, t: NOW });
const filter = (metrics: string[], groupBy: 'route' | 'dim' = 'route') => ({
  siteId: 'site_a',
  fromMinute: NOW / 60_000 - 5,
  toMinute: NOW / 60_000 + 5,
  metrics,
  groupBy,
});

/** The Node store with a cap of `maxValues` per site and kind (on a new file, or started again on `file`). */
async function open(maxValues: number, file = join(mkdtempSync(join(tmpdir(), 'sightline-')), 'c.db')) {
  return {
    file,
    ...(await createNodeStore({ file, commitThread: false, cardinality: { maxValues, clock: () => NOW } })),
  };
}
const openStore = async (maxValues: number): Promise<Store> => (await open(maxValues)).store;

async function send(store: Store, route: string, id: string, events: Event[] = [pageview(id)]) {
  const batch = batchRowOf({ ...env, route }, events, NOW);
  return store.commit(batch, `r-${id}`);
}

const counts = (rows: { group?: string; metric: string; count: number }[]) =>
  Object.fromEntries(rows.map((r) => [`${r.metric} ${r.group}`, r.count]));

describe('cardinality limit', () => {
  it('folds routes beyond the cap into other, counts the fold, and remembers across restarts', async () => {
    const first = await open(3);
    const store = first.store;
    // Concurrent commits: the cap holds all the same.
    await Promise.all(['/a', '/b', '/c', '/d', '/e'].map((route, i) => send(store, route, `pv-${i}-xxxx`)));
    await send(store, '/a', 'pv-again-a');
    expect(counts(await store.rollupTotals(filter(['pageviews', 'folded.route'])))).toEqual({
      'pageviews /a': 2,
      'pageviews /b': 1,
      'pageviews /c': 1,
      'pageviews other': 2,
      'folded.route ': 2,
    });
    await first.close();
    const { store: restarted } = await open(3, first.file);
    await send(restarted, '/c', 'pv-after-c');
    await send(restarted, '/f', 'pv-after-f');
    expect(counts(await restarted.rollupTotals(filter(['pageviews'])))).toMatchObject({
      'pageviews /c': 2,
      'pageviews other': 3,
    });
    expect((await restarted.dimensionValues('site_a', 'route')).sort()).toEqual(['/a', '/b', '/c']);
  });

  it('counts a folded event once even when retried', async () => {
    const store = await openStore(1);
    await send(store, '/a', 'pv-1-xxxx');
    const nav: Event = {
      kind: 'navigation',
      id: 'nav-2-xxxx',
      t: NOW,
      type: 'navigate',
      dns: 1,
      tcp: 1,
      tls: 1,
      ttfb: 1,
      download: 1,
      dom: 1,
      load: 1,
    };
    await send(store, '/b', 'nav-2-xxxx', [nav]);
    await send(store, '/b', 'nav-2-xxxx', [nav]);
    expect(counts(await store.rollupTotals(filter(['folded.route', 'nav.load'])))).toEqual({
      'folded.route ': 1,
      'nav.load other': 1,
    });
  });

  it('caps query templates and error groups, not query ops or LTI outcomes', async () => {
    const store = await openStore(1);
    const query = (id: string, op: 'SELECT' | 'UPDATE', template: string): ServerEvent => ({
      kind: 'db',
      id,
      t: NOW,
      op,
      template,
      duration: 5,
      ok: true,
      slow: false,
    });
    const events: ServerEvent[] = [
      query('d1-xxxxxx', 'SELECT', 'SELECT a'),
      query('d2-xxxxxx', 'UPDATE', 'UPDATE b'),
      {
        kind: 'lti',
        id: 'd3-xxxxxx',
        t: NOW,
        action: 'launch',
        ok: false,
        duration: 5,
        platform: 'canvas.example',
      },
    ];
    await store.commit(serverBatchRowOf({ siteId: 'site_a', service: 'tool' }, events, NOW), 'r1');
    expect(
      counts(await store.rollupTotals(filter(['db.duration', 'folded.template', 'lti.launch'], 'dim'))),
    ).toEqual({
      'db.duration SELECT a': 1,
      'db.duration other': 1,
      'folded.template ': 1,
      'lti.launch canvas.example': 1,
    });
    const error = (id: string, message: string): Event => ({
      kind: 'error',
      id,
      t: NOW,
      type: 'error',
      message,
    });
    await send(store, '/a', 'e1-xxxxxx', [error('e1-xxxxxx', 'first'), error('e2-xxxxxx', 'second')]);
    const groups = await store.errorGroups('site_a');
    expect(groups.map((g) => [g.title, g.count]).sort()).toEqual([
      ['first', 1],
      ['other errors (over the error-group limit)', 1],
    ]);
    expect(counts(await store.rollupTotals(filter(['errors', 'folded.error'], 'dim')))).toMatchObject({
      'errors other': 1,
      'folded.error ': 1,
    });
  });

  it('reads the cap from SIGHTLINE_MAX_ROUTES, and the daily log bytes from SIGHTLINE_LOG_BYTES_PER_DAY', () => {
    expect(cardinalityFromEnv({})).toEqual({
      maxValues: 10_000,
      maxNames: 1_000,
      logBytesPerDay: 50_000_000,
    });
    expect(cardinalityFromEnv({ SIGHTLINE_LOG_BYTES_PER_DAY: '1000' })).toMatchObject({
      logBytesPerDay: 1000,
    });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_ROUTES: '500' })).toMatchObject({ maxValues: 500 });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_ROUTES: 'lots' })).toMatchObject({ maxValues: 10_000 });
  });
});
