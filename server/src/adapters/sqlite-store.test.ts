import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardinalityFold, withCardinalityLimit } from '../core/cardinality';
import { derivedOf } from '../core/derive';
import { recordsOf } from '../core/rollup';
import { serverRecordsOf } from '../core/server-rollup';
import type { Store } from '../ports';
import { readMigrations } from './migration-files';
import { SQL } from './sql';
import { createSqliteStore, openSqlite, rederive } from './sqlite-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite file', async () => {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'test.db'));
  return { store: createSqliteStore(db), migrations: readMigrations() };
});

describe('migration 0002 (rollup dimensions)', () => {
  it('keeps the rollups written before it, as minute rows', async () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'old.db'));
    const store = createSqliteStore(db);
    const [first, ...rest] = readMigrations();
    await store.migrate([first]);
    db.prepare("INSERT INTO rollups VALUES ('s', 100, 'LCP', '/a', 'canvas', 2, 3000, 1, 1, 0)").run();
    db.prepare("INSERT INTO rollup_bins VALUES ('s', 100, 'LCP', '/a', 'canvas', 400, 2)").run();
    await store.migrate([first, ...rest]);
    const filter = { siteId: 's', fromMinute: 100, toMinute: 100, metrics: ['LCP'] };
    expect(await store.rollupTotals(filter)).toEqual([{ metric: 'LCP', count: 2, sum: 3000, good: 1, ni: 1, poor: 0 }]);
    expect(await store.rollupBins(filter)).toEqual([{ metric: 'LCP', bin: 400, count: 2 }]);
  });
});

describe('migration 0009 (raw batches)', () => {
  it('keeps the events stored before it, as one batch per request, the server’s apart', async () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'old.db'));
    const store = createSqliteStore(db);
    const migrations = readMigrations();
    const before = migrations.findIndex((m) => m.name.startsWith('0009_'));
    await store.migrate(migrations.slice(0, before));
    const insert = db.prepare('INSERT INTO events (site_id, id, receipt, received_at, t, kind, session, route, platform, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const lcp = (id: string, t: number) => JSON.stringify({ kind: 'vital', id, t, name: 'LCP', value: 900 });
    insert.run('s', 'e0000001', 'r1', 2_000, 1_000, 'vital', 's1', '/a', 'canvas', lcp('e0000001', 1_000));
    insert.run('s', 'e0000002', 'r1', 2_000, 1_500, 'vital', 's1', '/a', 'canvas', lcp('e0000002', 1_500));
    insert.run('s', 'q0000001', 'r2', 3_000, 2_500, 'server.request', 'tool', 'GET /x', '', '{"kind":"request","id":"q0000001","t":2500}');
    await store.migrate(migrations);
    expect(await store.countEvents('s')).toBe(3);
    expect(await store.lastEvent('s')).toEqual({ t: 2_500, receivedAt: 3_000 });
    const samples = await store.vitalSamples({ siteId: 's', route: '/a', metric: 'LCP', from: 0, to: 5_000, limit: 10 });
    expect(samples).toEqual([{ t: 1_500, body: lcp('e0000002', 1_500) }, { t: 1_000, body: lcp('e0000001', 1_000) }]);
    // Counted before: migration 0010 marks them derived.
    expect(await rederive(db, async (row) => derivedOf(row))).toBe(0);
    const batches = db.prepare('SELECT receipt, count, source, session, route FROM batches ORDER BY seq').all();
    expect(batches).toEqual([
      { receipt: 'r1', count: 2, source: 'browser', session: 's1', route: '/a' },
      { receipt: 'r2', count: 1, source: 'server', session: 'tool', route: '' },
    ]);
  });
});

describe('derived rows written later (the commit thread’s way)', () => {
  const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
  const MIN = NOW / 60_000;
  const env = { siteId: 's', session: 's1', route: '/a', platform: 'canvas', device: 'desktop', country: '', user: 'u1' };
  const events = (prefix: string) => [
    { kind: 'vital' as const, id: `${prefix}-lcp`, t: NOW - 1_000, name: 'LCP' as const, value: 1200 },
    { kind: 'error' as const, id: `${prefix}-err`, t: NOW - 500, type: 'error' as const, message: `Item ${prefix.length} not found` },
    { kind: 'pageview' as const, id: `${prefix}-pv`, t: NOW - 2_000 },
  ];
  const server = serverRecordsOf({ siteId: 's', service: 'tool' }, [{ kind: 'request', id: 'q0000001', t: NOW, method: 'GET', route: '/api', status: 200, duration: 40 }], NOW);
  const commits = [recordsOf(env, events('b1'), NOW), recordsOf({ ...env, session: 's2', route: '/b' }, events('b2'), NOW), recordsOf({ ...env, route: '/c' }, events('b3'), NOW)];

  async function fresh(options?: Parameters<typeof createSqliteStore>[1]) {
    const file = join(mkdtempSync(join(tmpdir(), 'sightline-')), 'test.db');
    const db = openSqlite(file);
    const store = createSqliteStore(db, options);
    await store.migrate(readMigrations());
    return { file, db, store };
  }

  /** What every read of derived rows answers, to compare two files. */
  async function derived(store: Store) {
    const f = { siteId: 's', fromMinute: MIN - 5, toMinute: MIN + 5, metrics: ['LCP', 'errors', 'pageviews', 'request.duration', 'folded.route'], groupBy: 'route' as const };
    return {
      totals: await store.rollupTotals(f), bins: await store.rollupBins(f), groups: await store.errorGroups('s'),
      sessions: await store.sessionStats('s', NOW - 60_000, NOW), features: await store.featureUsers('s', NOW - 60_000, NOW),
    };
  }

  it('answers a commit once its batch is stored, and writes its derived rows on settle', async () => {
    const { db, store } = await fresh({ deriveLater: { batches: 100, ms: 60_000 } });
    const [a] = commits;
    expect(await store.commit(a.batch, 'r1')).toBe(3);
    expect(await store.countEvents('s')).toBe(3);
    expect(await store.rollupTotals({ siteId: 's', fromMinute: MIN - 5, toMinute: MIN, metrics: ['LCP'] })).toEqual([]);
    store.settle();
    expect(await store.rollupTotals({ siteId: 's', fromMinute: MIN - 5, toMinute: MIN, metrics: ['LCP'] })).toMatchObject([{ count: 1, sum: 1200 }]);
    expect(db.prepare(SQL.derivedTo).pluck().get()).toBe(1);
    db.close();
  });

  it('derives again, once, on start, the batches a crash left underived, as the live path would have (cardinality fold too)', async () => {
    // The same commits through the live path, deriving at once, with at most 2 routes.
    const reference = await fresh();
    const live = withCardinalityLimit(reference.store, { maxValues: 2, clock: () => NOW });
    // And through a store that answers and then stops before deriving (the timer never fires).
    const crashed = await fresh({ deriveLater: { batches: 100, ms: 60_000 } });
    const deferred = withCardinalityLimit(crashed.store, { maxValues: 2, clock: () => NOW });
    for (const s of [live, deferred]) {
      for (const [i, c] of commits.entries()) expect(await s.commit(c.batch, `r${i}`)).toBe(3);
      expect(await s.commit(commits[0].batch, 'retry')).toBe(0);
      expect(await s.commit(server.batch, 'rs')).toBe(1);
    }
    crashed.db.close();

    const restarted = openSqlite(crashed.file);
    const store = createSqliteStore(restarted);
    const fold = cardinalityFold(store, { maxValues: 2, clock: () => NOW });
    const progress: number[] = [];
    expect(await rederive(restarted, (row) => { const d = derivedOf(row); return fold(d.deltas, d.extras); }, (n) => progress.push(n), 2)).toBe(4);
    expect(progress).toEqual([2, 4]);
    const expected = await derived(reference.store);
    // Past the cap of 2: the third route's 3 events and the server request's route.
    expect(expected.totals.find((t) => t.metric === 'folded.route')?.count).toBe(4);
    expect(await derived(store)).toEqual(expected);
    // Started again: nothing left to derive, nothing counted twice; nor where commits derived at once.
    expect(await rederive(restarted, async (row) => derivedOf(row))).toBe(0);
    expect(await rederive(reference.db, async (row) => derivedOf(row))).toBe(0);
    expect(await derived(store)).toEqual(expected);
  });
});
