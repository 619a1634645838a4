// The Node runtime's store as it runs (node-store.ts): the whole Store contract
// with every commit made on the commit thread and read back on this thread's
// connection, then what is particular to the thread (closing, a thread that cannot start).
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchRowOf } from '../core/rollup';
import { recordsOf } from '../core/derive';
import { describeStoreContract } from './contract';
import { createNodeStore, type NodeStore } from './node-store';
import { startCommitThread } from './sqlite-commit-thread';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const opened: NodeStore[] = [];
// Each store has a commit thread and a checkpoint thread: closed after each test, not left to the end.
afterEach(() => Promise.all(opened.splice(0).map((s) => s.close())));

const fail = (error: Error) => {
  throw error;
};

/** The Node runtime's store on a fresh file. */
async function open() {
  const file = join(mkdtempSync(join(tmpdir(), 'sightline-thread-')), 'test.db');
  const node = await createNodeStore({ file, onCommitThreadExit: fail });
  opened.push(node);
  return { file, ...node };
}

describeStoreContract(
  'SQLite file, commits on the commit thread (the Node runtime)',
  async () => (await open()).store,
);

describe('commit thread', () => {
  const env = {
    siteId: 'site_a',
    session: 's1',
    route: '/a',
    platform: 'canvas',
    frame: 'framed',
    device: 'desktop',
    country: '',
  };
  const lcp = (id: string) => ({ kind: 'vital' as const, id, t: NOW, name: 'LCP' as const, value: 1000 });

  it('answers each commit once it is durable, in groups, and closes with the WAL copied into the file', async () => {
    const { file, store, backlog, close } = await open();
    const batches = Array.from({ length: 40 }, (_, b) =>
      recordsOf(
        env,
        Array.from({ length: 50 }, (_, i) => lcp(`e${b}-${i}`)),
        NOW,
      ),
    );
    const fresh = await Promise.all(batches.map((r, i) => store.commit(r.batch, `r${i}`)));
    expect(fresh).toEqual(batches.map(() => 50));
    expect(backlog()).toBe(0);
    // Retried: nothing new, on a connection other than the one that wrote.
    expect(await store.commit(batches[0].batch, 'again')).toBe(0);
    expect(await store.countEvents('site_a')).toBe(2000);
    const [totals] = await store.rollupTotals({
      siteId: 'site_a',
      fromMinute: NOW / 60_000,
      toMinute: NOW / 60_000,
      metrics: ['LCP'],
    });
    expect(totals.count).toBe(2000);

    await close();
    await expect(store.commit(batches[0].batch, 'late')).rejects.toThrow(/closing/);
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
  }, 120_000); // 2,000 events through a thread, then closing: slow on a busy 2-core machine, not stuck

  it('reports a thread that stops unasked, failing the commits waiting on it', async () => {
    let reported: (error: Error) => void = fail;
    const exited = new Promise<Error>((resolve) => (reported = resolve));
    // A file in a directory that does not exist: the thread cannot open it and stops.
    const thread = startCommitThread(
      { file: join(tmpdir(), 'no-such-dir', 'x.db'), durability: 'normal' },
      (e) => reported(e),
    );
    const batch = batchRowOf(env, [lcp('x1')], NOW);
    const waiting = thread.commit(batch, 'r1');
    expect((await exited).message).toMatch(/unable to open|directory|SQLITE_CANTOPEN/i);
    await expect(waiting).rejects.toThrow(/unable to open|directory|SQLITE_CANTOPEN/i);
  });
});
