import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordsOf } from '../core/rollup';
import { readMigrations } from './migration-files';
import { createSqliteStore, openSqlite } from './sqlite-store';
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
    const batches = db.prepare('SELECT receipt, count, source, session, route FROM batches ORDER BY seq').all();
    expect(batches).toEqual([
      { receipt: 'r1', count: 2, source: 'browser', session: 's1', route: '/a' },
      { receipt: 'r2', count: 1, source: 'server', session: 'tool', route: '' },
    ]);
  });
});
