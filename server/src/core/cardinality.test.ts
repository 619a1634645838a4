import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { readMigrations } from '../adapters/migration-files';
import { createSqliteStore, openSqlite } from '../adapters/sqlite-store';
import type { RollupDelta, Store } from '../ports';
import { cardinalityFromEnv, withCardinalityLimit } from './cardinality';
import { batchRowOf, recordsOf, type Envelope } from './rollup';

const NOW = Date.UTC(2026, 10, 27, 12);
const env: Envelope = { siteId: 'site_a', session: 's1', route: '/a', platform: 'canvas', device: '', country: '' };
const pageview = (id: string): Event => ({ kind: 'pageview', id, t: NOW });
const filter = (metrics: string[], groupBy: 'route' | 'dim' = 'route') => ({ siteId: 'site_a', fromMinute: NOW / 60_000 - 5, toMinute: NOW / 60_000 + 5, metrics, groupBy });

async function openStore(): Promise<Store> {
  const store = createSqliteStore(openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'c.db')));
  await store.migrate(readMigrations());
  return store;
}

async function send(store: Store, route: string, id: string, events: Event[] = [pageview(id)]) {
  const batch = batchRowOf({ ...env, route }, events, NOW);
  return store.commit(batch, `r-${id}`);
}

const counts = (rows: { group?: string; metric: string; count: number }[]) => Object.fromEntries(rows.map((r) => [`${r.metric} ${r.group}`, r.count]));

describe('cardinality limit', () => {
  it('folds routes beyond the cap into other, counts the fold, and remembers across restarts', async () => {
    const raw = await openStore();
    const store = withCardinalityLimit(raw, { maxValues: 3, clock: () => NOW });
    // Concurrent commits: the cap holds all the same.
    await Promise.all(['/a', '/b', '/c', '/d', '/e'].map((route, i) => send(store, route, `pv-${i}-xxxx`)));
    await send(store, '/a', 'pv-again-a');
    expect(counts(await raw.rollupTotals(filter(['pageviews', 'folded.route'])))).toEqual({
      'pageviews /a': 2, 'pageviews /b': 1, 'pageviews /c': 1, 'pageviews other': 2, 'folded.route ': 2,
    });
    const restarted = withCardinalityLimit(raw, { maxValues: 3 });
    await send(restarted, '/c', 'pv-after-c');
    await send(restarted, '/f', 'pv-after-f');
    expect(counts(await raw.rollupTotals(filter(['pageviews'])))).toMatchObject({ 'pageviews /c': 2, 'pageviews other': 3 });
    expect((await raw.dimensionValues('site_a', 'route')).sort()).toEqual(['/a', '/b', '/c']);
  });

  it('counts a folded event once even when retried', async () => {
    const store = withCardinalityLimit(await openStore(), { maxValues: 1 });
    await send(store, '/a', 'pv-1-xxxx');
    const nav: Event = { kind: 'navigation', id: 'nav-2-xxxx', t: NOW, type: 'navigate', dns: 1, tcp: 1, tls: 1, ttfb: 1, download: 1, dom: 1, load: 1 };
    await send(store, '/b', 'nav-2-xxxx', [nav]);
    await send(store, '/b', 'nav-2-xxxx', [nav]);
    expect(counts(await store.rollupTotals(filter(['folded.route', 'nav.load'])))).toEqual({ 'folded.route ': 1, 'nav.load other': 1 });
  });

  it('caps query templates and error groups, not query ops or LTI outcomes', async () => {
    const raw = await openStore();
    const store = withCardinalityLimit(raw, { maxValues: 1 });
    const db = (eventId: string, metric: string, route: string, dim: string): RollupDelta => ({
      siteId: 'site_a', eventId, minute: NOW / 60_000, metric, route, dim, platform: '', device: '', country: '', count: 1, value: 5, bin: 1, rating: null,
    });
    const { batch } = recordsOf(env, ['d1', 'd2', 'd3'].map((id) => pageview(`${id}-xxxxxx`)), NOW);
    await store.commit(batch, 'r1', {
      deltas: [
        db('d1-xxxxxx', 'db.duration', 'SELECT', 'SELECT a'),
        db('d2-xxxxxx', 'db.duration', 'UPDATE', 'UPDATE b'),
        db('d3-xxxxxx', 'lti.launch', 'failed', 'canvas.example'),
      ],
    });
    expect(counts(await raw.rollupTotals(filter(['db.duration', 'folded.template', 'lti.launch'], 'dim')))).toEqual({
      'db.duration SELECT a': 1, 'db.duration other': 1, 'folded.template ': 1, 'lti.launch canvas.example': 1,
    });
    const error = (id: string, message: string): Event => ({ kind: 'error', id, t: NOW, type: 'error', message });
    await send(store, '/a', 'e1-xxxxxx', [error('e1-xxxxxx', 'first'), error('e2-xxxxxx', 'second')]);
    const groups = await raw.errorGroups('site_a');
    expect(groups.map((g) => [g.title, g.count]).sort()).toEqual([['first', 1], ['other errors (over the error-group limit)', 1]]);
    expect(counts(await raw.rollupTotals(filter(['errors', 'folded.error'], 'dim')))).toMatchObject({ 'errors other': 1, 'folded.error ': 1 });
  });

  it('reads the cap from SIGHTLINE_MAX_ROUTES', () => {
    expect(cardinalityFromEnv({})).toEqual({ maxValues: 10_000 });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_ROUTES: '500' })).toEqual({ maxValues: 500 });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_ROUTES: 'lots' })).toEqual({ maxValues: 10_000 });
  });
});
