// Snapshots as the server keeps them (routes/snapshots.ts).
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
