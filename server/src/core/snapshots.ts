// Snapshots as the server keeps them, the Store methods that keep them (spread into
// the Store port), and support codes: short enough to read out over the phone.
import type { Snapshot } from '../../../shared/snapshot';

export interface StoredSnapshot {
  code: string;
  createdAt: number;
  /** The name of the token that uploaded it. */
  createdBy: string;
  /** The snapshot without its screenshot. */
  snapshot: Omit<Snapshot, 'screenshot'>;
  screenshot: string | null;
}

export interface SnapshotListItem {
  code: string;
  createdAt: number;
  createdBy: string;
  capturedAt: string;
  url: string;
  title: string;
  platform: string;
  hasScreenshot: boolean;
}

export interface SnapshotStore {
  /** Stores a snapshot; false (and nothing stored) when its code is taken. */
  putSnapshot(s: StoredSnapshot): Promise<boolean>;
  /** Newest first; `before` (epoch ms) pages back. */
  listSnapshots(o: { limit: number; before?: number }): Promise<SnapshotListItem[]>;
  getSnapshot(code: string): Promise<StoredSnapshot | null>;
}

// Crockford's base32: no I, L, O or U, so a code read aloud is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `SL-7K3Q-9F`: 30 random bits; the caller retries on the rare collision. */
export function supportCode(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const c = [...random(6)].map((b) => CROCKFORD[b & 31]).join('');
  return `SL-${c.slice(0, 4)}-${c.slice(4)}`;
}

/** What a person typed (`sl 7k3q 9f`, `SL7K3Q9F`, with O for 0 or I/L for 1) as a code, or null. */
export function normaliseCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/^SL/, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{6}$/.test(raw)) return null;
  return `SL-${raw.slice(0, 4)}-${raw.slice(4)}`;
}
