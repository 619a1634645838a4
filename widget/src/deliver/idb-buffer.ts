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

export function memoryBuffer(): Buffer {
  let batches: StoredBatch[] = [];
  let key = 0;
  let retry: RetryState | undefined;
  return {
    put: async (add) => void add.forEach((b) => batches.push({ ...b, k: ++key })),
    all: async () => batches.slice(),
    del: async (keys) => void (batches = batches.filter((b) => !keys.includes(b.k!))),
    state: async (value) => (value ? (retry = value) : retry),
  };
}

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

function idbBuffer(db: IDBDatabase): Buffer {
  // One transaction per call, started at once and committed as soon as its requests
  // are made: Chromium aborts transactions still open when a page unloads, so this
  // is what lets a write made in a pagehide handler land. Resolved on `complete`,
  // so a write is durable when it resolves.
  const run = <T>(name: string, fn: (store: IDBObjectStore) => IDBRequest<T> | void) =>
    new Promise<T>((resolve, reject) => {
      const tx = db.transaction(name, 'readwrite');
      const req = fn(tx.objectStore(name));
      tx.commit?.();
      tx.oncomplete = () => resolve(req?.result as T);
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  return {
    put: (add) => run('b', (s) => void add.forEach((b) => s.put(b))),
    all: () => run('b', (s) => s.getAll()),
    del: (keys) => run('b', (s) => void keys.forEach((k) => s.delete(k))),
    state: (value) => run('m', (s) => (value ? void s.put(value, 0) : s.get(0))),
  };
}

/**
 * The buffer in IndexedDB database `name`, opened on first use; in memory if that fails.
 * Once open, calls go straight through, so a put made while the page unloads starts at once.
 */
export function openBuffer(name = 'sightline'): Buffer {
  let ready: Buffer | undefined;
  let picked: Promise<Buffer> | undefined;
  const use = () => (picked ??= openDb(name).then(idbBuffer, memoryBuffer).then((b) => (ready = b)));
  return {
    put: (add) => (ready ? ready.put(add) : use().then((b) => b.put(add))),
    all: () => use().then((b) => b.all()),
    del: (keys) => use().then((b) => b.del(keys)),
    state: (value) => use().then((b) => b.state(value)),
  };
}
