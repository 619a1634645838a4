import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardinalityFold } from '../core/cardinality';
import { derivedOf, foldedDerive, recordsOf } from '../core/derive';
import { serverRecordsOf } from '../core/server-rollup';
import type { BatchRow, Derived, Store } from '../ports';
import { describeStoreContract } from './contract';
import { dimensionStore } from './dimensions';
import { readMigrations } from './migration-files';
import { createNodeStore } from './node-store';
import { createGroupCommit, rederive } from './sqlite-group-commit';
import { openSqlite, sqliteExecutor } from './sqlite';
import { createSqlStore } from './sql-store';

const tempFile = (name = 'test.db') => join(mkdtempSync(join(tmpdir(), 'sightline-')), name);

describeStoreContract(
  'SQLite file, in-process group commit',
  async () => (await createNodeStore({ file: tempFile(), commitThread: false })).store,
);
// The one-transaction commit of batches.ts (D1's) on SQLite too: the SQL is the same.
describeStoreContract('SQLite file, one transaction per commit', async () => {
  const store = createSqlStore(sqliteExecutor(openSqlite(tempFile())));
  await store.migrate(readMigrations());
  return store;
});

/** A plain SQL store on a new file: migrations applied as a test chooses. */
function unmigrated(file = tempFile('old.db')) {
  const db = openSqlite(file);
  return { db, store: createSqlStore(sqliteExecutor(db)) };
}

describe('migration 0002 (rollup dimensions)', () => {
  it('keeps the rollups written before it, as minute rows', async () => {
    const { db, store } = unmigrated();
    const [first, ...rest] = readMigrations();
    await store.migrate([first]);
    db.prepare("INSERT INTO rollups VALUES ('s', 100, 'LCP', '/a', 'canvas', 2, 3000, 1, 1, 0)").run();
    db.prepare("INSERT INTO rollup_bins VALUES ('s', 100, 'LCP', '/a', 'canvas', 400, 2)").run();
    await store.migrate([first, ...rest]);
    const filter = { siteId: 's', fromMinute: 100, toMinute: 100, metrics: ['LCP'] };
    expect(await store.rollupTotals(filter)).toEqual([
      { metric: 'LCP', count: 2, sum: 3000, good: 1, ni: 1, poor: 0 },
    ]);
    expect(await store.rollupBins(filter)).toEqual([{ metric: 'LCP', bin: 400, count: 2 }]);
  });
});

describe('migration 0009 (raw batches)', () => {
  it('keeps the events stored before it, as one batch per request, the server’s apart', async () => {
    const { db, store } = unmigrated();
    const migrations = readMigrations();
    const before = migrations.findIndex((m) => m.name.startsWith('0009_'));
    await store.migrate(migrations.slice(0, before));
    const insert = db.prepare(
      'INSERT INTO events (site_id, id, receipt, received_at, t, kind, session, route, platform, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const lcp = (id: string, t: number) => JSON.stringify({ kind: 'vital', id, t, name: 'LCP', value: 900 });
    insert.run('s', 'e0000001', 'r1', 2_000, 1_000, 'vital', 's1', '/a', 'canvas', lcp('e0000001', 1_000));
    insert.run('s', 'e0000002', 'r1', 2_000, 1_500, 'vital', 's1', '/a', 'canvas', lcp('e0000002', 1_500));
    insert.run(
      's',
      'q0000001',
      'r2',
      3_000,
      2_500,
      'server.request',
      'tool',
      'GET /x',
      '',
      '{"kind":"request","id":"q0000001","t":2500}',
    );
    await store.migrate(migrations);
    expect(await store.countEvents('s')).toBe(3);
    expect(await store.lastEvent('s')).toEqual({ t: 2_500, receivedAt: 3_000 });
    const samples = await store.vitalSamples({
      siteId: 's',
      route: '/a',
      metric: 'LCP',
      from: 0,
      to: 5_000,
      limit: 10,
    });
    expect(samples).toEqual([
      { t: 1_500, body: lcp('e0000002', 1_500) },
      { t: 1_000, body: lcp('e0000001', 1_000) },
    ]);
    // Counted before: migration 0010 marks them derived.
    expect(await rederive(db, async (row) => derivedOf(row))).toBe(0);
    const batches = db
      .prepare('SELECT receipt, count, source, session, route FROM batches ORDER BY seq')
      .all();
    expect(batches).toEqual([
      { receipt: 'r1', count: 2, source: 'browser', session: 's1', route: '/a' },
      { receipt: 'r2', count: 1, source: 'server', session: 'tool', route: '' },
    ]);
  });
});

describe('derived rows written later (the commit thread’s way)', () => {
  const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
  const MIN = NOW / 60_000;
  const env = {
    siteId: 's',
    session: 's1',
    route: '/a',
    platform: 'canvas',
    frame: 'framed',
    device: 'desktop',
    country: '',
    user: 'u1',
  };
  const events = (prefix: string) => [
    { kind: 'vital' as const, id: `${prefix}-lcp`, t: NOW - 1_000, name: 'LCP' as const, value: 1200 },
    {
      kind: 'error' as const,
      id: `${prefix}-err`,
      t: NOW - 500,
      type: 'error' as const,
      message: `Item ${prefix.length} not found`,
    },
    { kind: 'pageview' as const, id: `${prefix}-pv`, t: NOW - 2_000 },
  ];
  const server = serverRecordsOf(
    { siteId: 's', service: 'tool' },
    [{ kind: 'request', id: 'q0000001', t: NOW, method: 'GET', route: '/api', status: 200, duration: 40 }],
    NOW,
  );
  const commits = [
    recordsOf(env, events('b1'), NOW),
    recordsOf({ ...env, session: 's2', route: '/b' }, events('b2'), NOW),
    recordsOf({ ...env, route: '/c' }, events('b3'), NOW),
  ];

  const LATER = { batches: 100, ms: 60_000 };
  /** A migrated file with a group commit on it: deriving with each commit, or later (never, unless settled). */
  async function fresh(
    deriveLater?: typeof LATER,
    derive = async (row: BatchRow): Promise<Derived> => derivedOf(row),
  ) {
    const file = tempFile();
    const db = openSqlite(file);
    const exec = sqliteExecutor(db);
    await createSqlStore(exec).migrate(readMigrations());
    const commits = createGroupCommit(db, { derive, deriveLater });
    return { file, db, exec, commits, store: createSqlStore(exec, { commit: commits.commit }) };
  }
  /** At most 2 routes: the third folds into `other`. */
  const foldOf = (exec: ReturnType<typeof sqliteExecutor>) =>
    foldedDerive(cardinalityFold(dimensionStore(exec), { maxValues: 2, clock: () => NOW }));

  /** What every read of derived rows answers, to compare two files. */
  async function derived(store: Store) {
    const f = {
      siteId: 's',
      fromMinute: MIN - 5,
      toMinute: MIN + 5,
      metrics: ['LCP', 'errors', 'pageviews', 'request.duration', 'folded.route'],
      groupBy: 'route' as const,
    };
    return {
      totals: await store.rollupTotals(f),
      bins: await store.rollupBins(f),
      groups: await store.errorGroups('s'),
      sessions: await store.sessionStats('s', NOW - 60_000, NOW),
      features: await store.featureUsers('s', NOW - 60_000, NOW),
    };
  }

  it('answers a commit once its batch is stored, and writes its derived rows on settle', async () => {
    const { db, store, commits: group } = await fresh(LATER);
    const [a] = commits;
    expect(await store.commit(a.batch, 'r1')).toBe(3);
    expect(await store.countEvents('s')).toBe(3);
    expect(
      await store.rollupTotals({ siteId: 's', fromMinute: MIN - 5, toMinute: MIN, metrics: ['LCP'] }),
    ).toEqual([]);
    group.settle();
    expect(
      await store.rollupTotals({ siteId: 's', fromMinute: MIN - 5, toMinute: MIN, metrics: ['LCP'] }),
    ).toMatchObject([{ count: 1, sum: 1200 }]);
    expect(db.prepare('SELECT batches_to FROM derived_state').pluck().get()).toBe(1);
    db.close();
  });

  it('derives again, once, on start, the batches a crash left underived, as the live path would have (cardinality fold too)', async () => {
    // The same commits through the live path, deriving at once, with at most 2 routes.
    const reference = await fresh();
    const live = createSqlStore(reference.exec, {
      commit: createGroupCommit(reference.db, { derive: foldOf(reference.exec) }).commit,
    });
    // And through a store that answers and then stops before deriving (the timer never fires).
    const crashed = await fresh();
    const deferred = createSqlStore(crashed.exec, {
      commit: createGroupCommit(crashed.db, { derive: foldOf(crashed.exec), deriveLater: LATER }).commit,
    });
    for (const s of [live, deferred]) {
      for (const [i, c] of commits.entries()) expect(await s.commit(c.batch, `r${i}`)).toBe(3);
      expect(await s.commit(commits[0].batch, 'retry')).toBe(0);
      expect(await s.commit(server.batch, 'rs')).toBe(1);
    }
    crashed.db.close();

    const restarted = openSqlite(crashed.file);
    const exec = sqliteExecutor(restarted);
    const store = createSqlStore(exec);
    const progress: number[] = [];
    expect(await rederive(restarted, foldOf(exec), (n) => progress.push(n), 2)).toBe(4);
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
