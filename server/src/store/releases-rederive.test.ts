// The release is kept on the raw batch (migration 0016): a crash between storing a
// batch and writing its derived rows loses nothing of its release, since the replay on
// start derives the release's figures as the live path would have, folded routes included.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binOf } from '../../../shared/sketch';
import { cardinalityFold } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import { batchRowOf } from '../core/rollup';
import { serverBatchRowOf } from '../core/server-rollup';
import { dimensionStore } from './dimensions';
import { readMigrations } from './migration-files';
import { createGroupCommit, rederive } from './sqlite-group-commit';
import { openSqlite, sqliteExecutor } from './sqlite';
import { createSqlStore } from './sql-store';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const env = { siteId: 's', session: 's1', platform: 'canvas', frame: 'framed', device: '', country: '' };
const lcp = (id: string, value: number) => ({
  kind: 'vital' as const,
  id,
  t: NOW,
  name: 'LCP' as const,
  value,
});

describe('releases after a crash', () => {
  it('are derived again on start from the raw batches, with the cardinality fold', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sightline-')), 'crash.db');
    const db = openSqlite(file);
    const exec = sqliteExecutor(db);
    await createSqlStore(exec).migrate(readMigrations());
    // At most two routes (a page's and an endpoint): the third folds into `other`.
    const fold = (e: typeof exec) =>
      foldedDerive(cardinalityFold(dimensionStore(e), { maxValues: 2, clock: () => NOW }));
    const group = createGroupCommit(db, { derive: fold(exec), deriveLater: { batches: 100, ms: 60_000 } });
    const store = createSqlStore(exec, { commit: group.commit });
    await store.commit(batchRowOf({ ...env, route: '/a', release: 'v2' }, [lcp('lcp00001', 900)], NOW), 'r1');
    const request = {
      kind: 'request' as const,
      id: 'req00001',
      t: NOW,
      method: 'GET',
      route: '/api',
      status: 503,
      duration: 40,
    };
    await store.commit(
      serverBatchRowOf({ siteId: 's', service: 'tool', release: 'v2' }, [request], NOW),
      'r2',
    );
    await store.commit(
      batchRowOf({ ...env, route: '/b', release: 'v2' }, [lcp('lcp00002', 1_800)], NOW),
      'r3',
    );
    expect(await createSqlStore(exec).releases('s')).toEqual([]); // stored, not derived: the crash
    db.close();

    const restarted = openSqlite(file);
    const again = sqliteExecutor(restarted);
    expect(await rederive(restarted, fold(again))).toBe(3);
    const after = createSqlStore(again);
    expect(await after.releases('s')).toEqual([{ release: 'v2', firstSeen: NOW, lastSeen: NOW, events: 3 }]);
    const stats = await after.releaseStats('s', ['v2']);
    expect(stats.map((r) => [r.metric, r.key, r.bin, r.count]).sort()).toEqual(
      [
        ['LCP', '/a', binOf(900), 1],
        ['LCP', 'other', binOf(1_800), 1],
        ['request.5xx', 'GET /api', 0, 1],
        ['request.duration', 'GET /api', binOf(40), 1],
      ].sort(),
    );
    restarted.close();
  });
});
