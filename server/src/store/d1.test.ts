// The Store contract against a real local D1 (Miniflare runs workerd's D1) through
// the Worker's assembly, plus
// what only D1 needs checking: racing duplicate batches, the largest batch, rollback.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import type { Event } from '../../../shared/protocol';
import { batchRowOf } from '../core/rollup';
import { recordsOf } from '../core/derive';
import type { Store } from '../ports';
import { createWorkerStore } from './worker-store';
import { readMigrations } from './migration-files';
import { openD1 } from '../../test/d1';
import { describeStoreContract } from './contract';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the wrangler CLI against the local D1 persisted in `dir`, as `--persist-to dir` does. */
function wrangler(dir: string, ...args: string[]): string {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/wrangler'),
    [...args, '--local', '--persist-to', dir],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        CI: 'true',
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_SEND_ERROR_REPORTS: 'false',
      },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0)
    throw new Error(
      `wrangler ${args.join(' ')}: ${result.error?.message ?? ''}\n${result.stdout}\n${result.stderr}`,
    );
  return result.stdout;
}

/** The D1 database `wrangler dev --persist-to dir` would bind as DB (per wrangler.jsonc). */
async function withWranglerD1<T>(dir: string, use: (db: D1Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(ROOT, 'wrangler.jsonc'),
    persist: { path: join(dir, 'v3') },
  });
  try {
    return await use(proxy.env.DB);
  } finally {
    await proxy.dispose();
  }
}

describeStoreContract('D1 (miniflare), as the Worker assembles it', async () => {
  const store = createWorkerStore(await openD1());
  await store.migrate(readMigrations());
  return store;
});

describe('D1 store', () => {
  const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
  const env = {
    siteId: 'site_a',
    session: 's1',
    route: '/r',
    platform: 'canvas',
    frame: 'framed',
    device: 'desktop',
    country: '',
  };
  const nav = (id: string): Event => ({
    kind: 'navigation',
    id,
    t: NOW,
    type: 'navigate',
    dns: 1,
    tcp: 2,
    tls: 3,
    ttfb: 40,
    download: 5,
    dom: 60,
    load: 70,
  });
  const filter = {
    siteId: env.siteId,
    fromMinute: NOW / 60_000 - 1,
    toMinute: NOW / 60_000 + 1,
    metrics: ['nav.ttfb'],
  };

  async function open(): Promise<{ db: D1Database; store: Store }> {
    const db = await openD1();
    const store = createWorkerStore(db);
    await store.migrate(readMigrations());
    await store.createSite({ id: env.siteId, key: 'sk_a', name: 'A', origins: [] }, NOW);
    return { db, store };
  }

  it('agrees with `wrangler d1 migrations apply` on which migrations are applied', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'sightline-d1-')), mkdtempSync(join(tmpdir(), 'sightline-d1-'))];
    try {
      wrangler(dirs[0], 'd1', 'migrations', 'apply', 'DB');
      expect(await withWranglerD1(dirs[0], (db) => createWorkerStore(db).migrate(readMigrations()))).toEqual(
        [],
      );
      expect(await withWranglerD1(dirs[1], (db) => createWorkerStore(db).migrate(readMigrations()))).toEqual(
        readMigrations().map((m) => m.name),
      );
      expect(wrangler(dirs[1], 'd1', 'migrations', 'list', 'DB')).toMatch(/No migrations to apply/);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000); // four wrangler starts: 17 s alone, 45 s on a busy machine

  it('counts each event once when two identical batches race', async () => {
    const { db, store } = await open();
    const batch = batchRowOf(
      env,
      Array.from({ length: 50 }, (_, i) => nav(`race-${i}-id`)),
      NOW,
    );
    // Two stores on one database, as two Worker isolates would have.
    const other = createWorkerStore(db);
    const fresh = await Promise.all([
      store.commit(batch, 'r1'),
      other.commit(batch, 'r2'),
      store.commit(batch, 'r3'),
    ]);
    expect(fresh.reduce((a, b) => a + b)).toBe(50);
    expect(await store.countEvents(env.siteId)).toBe(50);
    expect(await store.rollupTotals(filter)).toEqual([
      { metric: 'nav.ttfb', count: 50, sum: 2000, good: 0, ni: 0, poor: 0 },
    ]);
    const bins = await store.rollupBins(filter);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(50);
  });

  it('commits the largest batch the protocol allows (500 navigations: 3,500 deltas) in one D1 batch', async () => {
    const { db } = await open();
    let batches = 0;
    const counted = {
      prepare: (sql: string) => db.prepare(sql),
      batch: (s: D1PreparedStatement[]) => (batches++, db.batch(s)),
    };
    const store = createWorkerStore(counted as D1Database);
    const batch = batchRowOf(
      env,
      Array.from({ length: 500 }, (_, i) => nav(`large-${i}-id`)),
      NOW,
    );
    expect(await store.commit(batch, 'r1')).toBe(500);
    expect(batches).toBe(1);
    expect((await store.rollupTotals(filter))[0].count).toBe(500);
    expect((await store.rollupBins(filter)).reduce((n, b) => n + b.count, 0)).toBe(500);
  });

  it('stores nothing from a commit that fails', async () => {
    const { store } = await open();
    const { batch, deltas } = recordsOf(env, [nav('fail-00001'), nav('fail-00002')], NOW);
    // A NULL count violates NOT NULL in rollups, after the events were inserted: all must roll back.
    const broken = deltas.map((d) => ({ ...d, count: null as unknown as number }));
    await expect(store.commit(batch, 'r1', { deltas: broken })).rejects.toThrow(/NOT NULL/);
    expect(await store.countEvents(env.siteId)).toBe(0);
    expect(await store.rollupTotals(filter)).toEqual([]);
    expect(await store.commit(batch, 'r2')).toBe(2);
  });
});
