// Where batches wait until the server has confirmed them: IndexedDB, so a failed
// send, a closed tab or an offline period loses nothing, and the next page load
// (of any tab of the site) sends what is left. Opened on first use. Where
// IndexedDB is missing or refused (sandboxed or partitioned frames, some private
// modes) the same interface lives in memory, for this page only.
//
// Plain IndexedDB calls rather than the idb package: its proxy wrapper is one
// module that costs 1.1 KB brotli, and four requests need none of it.
import type { Chunk } from './queue';
import type { RetryState } from './retry';

/** A batch as stored: its events, the envelope they were collected under, and when. */
export interface StoredBatch extends Chunk {
  /** Key, assigned when stored; increases with age. */
  k?: number;
  /** The envelope (siteKey, session, page, lms …) that travels with these events. */
  e: object;
  /** Epoch ms when the batch was made. */
  t: number;
  /** Epoch ms when it went by sendBeacon, which tells nothing back: resent (and deduped) later. */
  b?: number;
}

export interface Buffer {
  put(batches: StoredBatch[]): Promise<void>;
  /** Every stored batch, oldest first. */
  all(): Promise<StoredBatch[]>;
  del(keys: number[]): Promise<void>;
  /** Reads the retry state, or stores `value`. */
  state(value?: RetryState): Promise<RetryState | undefined>;
}

export interface BufferLimits {
  maxEvents: number;
  maxBytes: number;
}

export const BUFFER_LIMITS: BufferLimits = { maxEvents: 2_000, maxBytes: 1_000_000 };

/** The oldest batches that must go so the rest fit `limits`. */
export function overflow(batches: StoredBatch[], limits: BufferLimits): StoredBatch[] {
  let events = 0;
  let bytes = 0;
  let i = batches.length;
  while (i--) {
    events += batches[i]!.n;
    bytes += batches[i]!.s;
    if (events > limits.maxEvents || bytes > limits.maxBytes) break;
  }
  return batches.slice(0, i + 1);
}

/** Stores `batches`, then drops the oldest beyond `limits`; resolves to the number of events dropped. */
export async function store(buffer: Buffer, batches: StoredBatch[], limits = BUFFER_LIMITS): Promise<number> {
  await buffer.put(batches);
  const gone = overflow(await buffer.all(), limits);
  if (gone.length) await buffer.del(gone.map((b) => b.k!));
  return gone.reduce((n, b) => n + b.n, 0);
}

/** The two stores, batches `b` (keyed by `k`, in order) and meta `m`, as far as the buffer uses them. */
type Store = Pick<IDBObjectStore, 'put' | 'getAll' | 'delete' | 'get'>;
/** Runs `fn` on one store and resolves to the result of the request it returns. */
type Run = <T>(name: 'b' | 'm', fn: (store: Store) => IDBRequest<T> | void) => Promise<T>;

/** The buffer's four operations, the same on IndexedDB and in memory. */
function bufferOn(run: Run): Buffer {
  return {
    put: (add) => run('b', (s) => void add.forEach((b) => s.put(b))),
    all: () => run('b', (s) => s.getAll()),
    del: (keys) => run('b', (s) => void keys.forEach((k) => s.delete(k))),
    state: (value) => run('m', (s) => (value ? void s.put(value, 0) : s.get(0))),
  };
}

/**
 * The batch store for this page only: a Map, keyed in order as IndexedDB's autoIncrement
 * keys them. No retry state: the sender keeps its own for the page's lifetime.
 */
function memoryRun(): Run {
  const batches = new Map<number, StoredBatch>();
  let key = 0;
  const store = {
    put: (value: StoredBatch) => batches.set(++key, { ...value, k: key }),
    getAll: () => ({ result: [...batches.values()] }),
    delete: (k: number) => batches.delete(k),
  };
  return async (name, fn) =>
    name === 'b' ? (fn(store as unknown as Store) as IDBRequest | undefined)?.result : undefined;
}

export const memoryBuffer = (): Buffer => bufferOn(memoryRun());

function openDb(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    // Throws (and so rejects) where IndexedDB is missing or denied.
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('b', { keyPath: 'k', autoIncrement: true });
      req.result.createObjectStore('m');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * One transaction per call, started at once and committed as soon as its requests
 * are made: Chromium aborts transactions still open when a page unloads, so this
 * is what lets a write made in a pagehide handler land. Resolved on `complete`,
 * so a write is durable when it resolves. (Every browser that parses this bundle's
 * ES2022 has `commit`.)
 */
const idbRun =
  (db: IDBDatabase): Run =>
  (name, fn) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(name, 'readwrite');
      const req = fn(tx.objectStore(name));
      tx.commit();
      tx.oncomplete = () => resolve(req?.result as never);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });

/**
 * The buffer in IndexedDB database `name`, opened on first use; in memory if that fails.
 * Once open, calls go straight through, so a put made while the page unloads starts at once.
 */
export function openBuffer(name = 'sightline'): Buffer {
  let ready: Run | undefined;
  let opening: Promise<Run> | undefined;
  return bufferOn((store, fn) =>
    ready
      ? ready(store, fn)
      : (opening ??= openDb(name).then(idbRun, memoryRun)).then((run) => (ready = run)(store, fn)),
  );
}
