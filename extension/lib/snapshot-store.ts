// The snapshots this browser captured, kept in IndexedDB (through `idb`) so QA can list
// them, re-open any report offline, compare two, and so a snapshot taken while the
// server is unreachable waits in a queue instead of being lost. Extension pages and the
// background share one origin, hence one database.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SnapshotInput } from '../../shared/snapshot';

/**
 * `pending`: waiting for the server (queued); `uploaded`: stored there, `code` set;
 * `local`: no server was configured when it was taken; `rejected`: the server refused
 * it for good (400, 413), so retrying cannot help: `uploadError` says why.
 */
export type UploadState = 'pending' | 'uploaded' | 'local' | 'rejected';

export interface StoredSnapshot {
  /** Local id (the support code exists only once uploaded). */
  id: string;
  snapshot: SnapshotInput;
  code: string | null;
  upload: UploadState;
  /** The last failed attempt's reason; null after success. */
  uploadError: string | null;
  attempts: number;
}

interface SightlineDb extends DBSchema {
  snapshots: { key: string; value: StoredSnapshot; indexes: { capturedAt: string } };
}

export const DB_NAME = 'sightline';

export function createSnapshotStore(name = DB_NAME) {
  let db: Promise<IDBPDatabase<SightlineDb>> | null = null;
  const open = () =>
    (db ??= openDB<SightlineDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('snapshots', { keyPath: 'id' }).createIndex('capturedAt', 'snapshot.capturedAt');
      },
    }));

  return {
    async add(record: Omit<StoredSnapshot, 'id' | 'attempts' | 'uploadError'>): Promise<StoredSnapshot> {
      const stored: StoredSnapshot = { ...record, id: crypto.randomUUID(), attempts: 0, uploadError: null };
      await (await open()).put('snapshots', stored);
      return stored;
    },
    async get(id: string): Promise<StoredSnapshot | undefined> {
      return (await open()).get('snapshots', id);
    },
    /** Newest first. */
    async list(): Promise<StoredSnapshot[]> {
      return (await (await open()).getAllFromIndex('snapshots', 'capturedAt')).reverse();
    },
    async pending(): Promise<StoredSnapshot[]> {
      return (await this.list()).filter((s) => s.upload === 'pending').reverse();
    },
    /** Changes one record in a single transaction; undefined when it was deleted meanwhile. */
    async update(
      id: string,
      change: (s: StoredSnapshot) => StoredSnapshot,
    ): Promise<StoredSnapshot | undefined> {
      const tx = (await open()).transaction('snapshots', 'readwrite');
      const current = await tx.store.get(id);
      const next = current && change(current);
      if (next) await tx.store.put(next);
      await tx.done;
      return next;
    },
    async remove(id: string): Promise<void> {
      await (await open()).delete('snapshots', id);
    },
  };
}

export type SnapshotStore = ReturnType<typeof createSnapshotStore>;
