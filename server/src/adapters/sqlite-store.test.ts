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

describe('migration 0008 (events in arrival order)', () => {
  it('keeps the events stored before it, and still skips their retries', async () => {
    const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'old.db'));
    const store = createSqliteStore(db);
    const migrations = readMigrations();
    const before = migrations.findIndex((m) => m.name.startsWith('0008_'));
    await store.migrate(migrations.slice(0, before));
    const env = { siteId: 's', session: 's1', route: '/a', platform: 'canvas', device: '', country: '' };
    const old = recordsOf(env, [{ kind: 'vital', id: 'e0000001', t: 1_000, name: 'LCP', value: 900 }], 2_000);
    await store.commit(old.rows, old.deltas, 'r1');
    await store.migrate(migrations);
    expect(await store.countEvents('s')).toBe(1);
    expect(await store.lastEvent('s')).toEqual({ t: 1_000, receivedAt: 2_000 });
    expect(await store.commit(old.rows, old.deltas, 'r2')).toBe(0);
  });
});
