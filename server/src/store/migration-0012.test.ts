// Migration 0012 (the frame dimension) on a database holding rows from before it,
// on SQLite and on D1 (Miniflare): rollups, sketch bins and raw batches are kept,
// with frame '', and read through the new key like any other row.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openD1 } from '../../test/d1';
import type { SqlExecutor } from '../ports';
import { d1Executor } from './d1';
import { readMigrations } from './migration-files';
import { openSqlite, sqliteExecutor } from './sqlite';
import { createSqlStore } from './sql-store';

const runtimes: [string, () => Promise<SqlExecutor>][] = [
  [
    'SQLite',
    async () => sqliteExecutor(openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'old.db'))),
  ],
  ['D1 (miniflare)', async () => d1Executor(await openD1())],
];

describe.each(runtimes)('migration 0012 (frame dimension) on %s', (_, open) => {
  it('keeps the rollups, bins and batches written before it, with frame empty', async () => {
    const exec = await open();
    const store = createSqlStore(exec);
    const migrations = readMigrations();
    const at = migrations.findIndex((m) => m.name.startsWith('0012_'));
    await store.migrate(migrations.slice(0, at));
    await exec.run(
      "INSERT INTO rollups VALUES ('s', 1, 100, 'LCP', '/a', 'canvas', 'desktop', 'NZ', '', 2, 3000, 1, 1, 0)",
    );
    await exec.run(
      "INSERT INTO rollups VALUES ('s', 1440, 0, '@route+platform:LCP', '/a', 'canvas', '', '', '', 5, 9000, 3, 1, 1)",
    );
    await exec.run(
      "INSERT INTO rollup_bins VALUES ('s', 1, 100, 'LCP', '/a', 'canvas', 'desktop', 'NZ', '', 400, 2)",
    );
    await exec.run(
      `INSERT INTO batches (site_id, key, receipt, received_at, t, count, source, session, route, platform, device, country, user_key, events)
        VALUES ('s', 'k1', 'r1', 6000000, 6000000, 1, 'browser', 's1', '/a', 'canvas', 'desktop', 'NZ', 'u1', '[]')`,
    );
    // Through 0012 only: later migrations are not this test's.
    expect(await store.migrate(migrations.slice(0, at + 1))).toEqual([migrations[at].name]);

    const minute = { siteId: 's', fromMinute: 100, toMinute: 100, metrics: ['LCP'] };
    expect(await store.rollupTotals({ ...minute, groupBy: 'frame', thenBy: 'device' })).toEqual([
      { metric: 'LCP', group: '', subgroup: 'desktop', count: 2, sum: 3000, good: 1, ni: 1, poor: 0 },
    ]);
    expect(await store.rollupBins({ ...minute, where: { frame: '' } })).toEqual([
      { metric: 'LCP', bin: 400, count: 2 },
    ]);
    expect(await store.rollupTotals({ ...minute, where: { frame: 'framed' } })).toEqual([]);
    // A day projection from before still answers a read by platform and frame.
    const day = { siteId: 's', fromMinute: 0, toMinute: 1439, metrics: ['LCP'] };
    const ranges = [{ res: 1440 as const, from: 0, to: 1439 }];
    expect(
      await store.rollupTotals({ ...day, ranges, where: { platform: 'canvas' }, groupBy: 'frame' }),
    ).toEqual([{ metric: 'LCP', group: '', count: 5, sum: 9000, good: 3, ni: 1, poor: 1 }]);
    expect((await store.userData('u1')).batches).toEqual([
      {
        siteId: 's',
        receivedAt: 6000000,
        session: 's1',
        route: '/a',
        platform: 'canvas',
        frame: '',
        device: 'desktop',
        country: 'NZ',
        events: [],
      },
    ]);
    // New rows take the new key beside the old ones.
    await exec.run(
      "INSERT INTO rollups VALUES ('s', 1, 100, 'LCP', '/a', 'canvas', 'framed', 'desktop', 'NZ', '', 1, 500, 1, 0, 0)",
    );
    expect(
      (await store.rollupTotals({ ...minute, groupBy: 'frame' })).map((r) => [r.group, r.count]),
    ).toEqual([
      ['', 2],
      ['framed', 1],
    ]);
  });
});
