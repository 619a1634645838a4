import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryBuffer, openBuffer, overflow, store, type Buffer, type StoredBatch } from './idb-buffer';

let dbs = 0;
const batch = (i: number, n = 10, s = 1_000): StoredBatch => ({
  e: {
    siteKey: 'sk_test',
    session: `session-${i}`,
    page: { url: `https://tool.example/p/${i}`, route: `/p/:id` },
  },
  v: `[${Array.from({ length: n }, (_, j) => `{"id":"ev-${i}-${j}"}`)}]`,
  n,
  s,
  t: 1_700_000_000_000 + i,
});
const sessions = (batches: StoredBatch[]) => batches.map((b) => (b.e as { session: string }).session);

describe('overflow', () => {
  it('picks the oldest batches beyond the event or byte limit', () => {
    const all = [batch(1), batch(2), batch(3), batch(4)];
    expect(overflow(all, { maxEvents: 40, maxBytes: 4_000 })).toEqual([]);
    expect(overflow(all, { maxEvents: 30, maxBytes: 1e9 })).toEqual([all[0]]);
    expect(overflow(all, { maxEvents: 1e9, maxBytes: 2_500 })).toEqual(all.slice(0, 2));
    expect(overflow(all, { maxEvents: 5, maxBytes: 1e9 })).toEqual(all);
  });
});

// One contract, run against both adapters.
const adapters: [string, () => Buffer][] = [
  ['IndexedDB', () => openBuffer(`test-${++dbs}`)],
  ['memory', memoryBuffer],
];

describe.each(adapters)('%s buffer', (_, create) => {
  it('keeps batches in insertion order with their envelope, and deletes by key', async () => {
    const buffer = create();
    await buffer.put([batch(1), batch(2)]);
    await buffer.put([{ ...batch(3), b: 5 }]);
    const all = await buffer.all();
    expect(sessions(all)).toEqual(['session-1', 'session-2', 'session-3']);
    expect(all[2]).toMatchObject({ ...batch(3), b: 5 });
    expect(all[0]!.k! < all[1]!.k! && all[1]!.k! < all[2]!.k!).toBe(true);
    await buffer.del([all[1]!.k!, 12_345]);
    expect(sessions(await buffer.all())).toEqual(['session-1', 'session-3']);
  });

  it('stores within its limits by dropping the oldest first, and says how many events went', async () => {
    const buffer = create();
    const limits = { maxEvents: 30, maxBytes: 1e9 };
    expect(await store(buffer, [batch(1), batch(2)], limits)).toBe(0);
    expect(await store(buffer, [batch(3), batch(4, 5)], limits)).toBe(10);
    expect(sessions(await buffer.all())).toEqual(['session-2', 'session-3', 'session-4']);
    expect(await store(buffer, [batch(5, 10, 999_500)], { maxEvents: 1e9, maxBytes: 1_000_000 })).toBe(25);
    expect(sessions(await buffer.all())).toEqual(['session-5']);
  });
});

describe('the retry state', () => {
  it('is kept in IndexedDB', async () => {
    const buffer = openBuffer(`state-${++dbs}`);
    expect(await buffer.state()).toBeUndefined();
    await buffer.state({ f: 5, u: 123 });
    expect(await buffer.state()).toEqual({ f: 5, u: 123 });
  });

  it('is not kept in memory, which lasts no longer than the sender that holds it', async () => {
    const buffer = memoryBuffer();
    await buffer.state({ f: 5, u: 123 });
    expect(await buffer.state()).toBeUndefined();
  });
});

describe('openBuffer', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('keeps batches and retry state for the next page load (a new buffer on the same database)', async () => {
    const name = `reload-${++dbs}`;
    const first = openBuffer(name);
    await store(first, [batch(1), batch(2)]);
    await first.state({ f: 5, u: 999 });
    const next = openBuffer(name);
    expect(sessions(await next.all())).toEqual(['session-1', 'session-2']);
    expect(await next.state()).toEqual({ f: 5, u: 999 });
  });

  it('works in memory when IndexedDB is missing or throws (sandboxed frames)', async () => {
    for (const idb of [
      undefined,
      {
        open: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      },
    ]) {
      vi.stubGlobal('indexedDB', idb);
      const buffer = openBuffer(`denied-${++dbs}`);
      await store(buffer, [batch(1)]);
      expect(sessions(await buffer.all())).toEqual(['session-1']);
      await expect(openBuffer(`denied-${dbs}`).all()).resolves.toEqual([]);
    }
  });

  it('once open, starts a put at once (a pagehide handler cannot wait for a promise)', async () => {
    const buffer = openBuffer(`sync-${++dbs}`);
    await buffer.all();
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const done = buffer.put([batch(1)]);
    expect(transaction).toHaveBeenCalledTimes(1);
    await done;
    expect(sessions(await buffer.all())).toEqual(['session-1']);
    transaction.mockRestore();
  });

  it('does not touch IndexedDB until first used', () => {
    const open = vi.fn();
    vi.stubGlobal('indexedDB', { open });
    openBuffer(`lazy-${++dbs}`);
    expect(open).not.toHaveBeenCalled();
  });
});
