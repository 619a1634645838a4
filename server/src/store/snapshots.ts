// Snapshots uploaded by the extension, by support code.
import type { SnapshotListItem, SnapshotStore, SqlExecutor, StoredSnapshot } from '../ports';

const SNAPSHOT_SQL = {
  insert: `INSERT INTO snapshots (code, created_at, created_by, captured_at, url, title, platform, data, screenshot)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
  list: `SELECT code, created_at, created_by, captured_at, url, title, platform, screenshot IS NOT NULL AS has_screenshot
    FROM snapshots WHERE created_at < ? ORDER BY created_at DESC, code LIMIT ?`,
  get: 'SELECT code, created_at, created_by, data, screenshot FROM snapshots WHERE code = ?',
} as const;

interface SnapshotListRow {
  code: string;
  created_at: number;
  created_by: string;
  captured_at: string;
  url: string;
  title: string;
  platform: string;
  has_screenshot: number;
}

interface SnapshotRow {
  code: string;
  created_at: number;
  created_by: string;
  data: string;
  screenshot: string | null;
}

const insertParams = (s: StoredSnapshot) =>
  [
    s.code,
    s.createdAt,
    s.createdBy,
    s.snapshot.capturedAt,
    s.snapshot.url,
    s.snapshot.title,
    s.snapshot.lms.platform,
    JSON.stringify(s.snapshot),
    s.screenshot,
  ] as const;

const listParams = (o: { limit: number; before?: number }) =>
  [o.before ?? Number.MAX_SAFE_INTEGER, o.limit] as const;

const toListItem = (r: SnapshotListRow): SnapshotListItem => ({
  code: r.code,
  createdAt: r.created_at,
  createdBy: r.created_by,
  capturedAt: r.captured_at,
  url: r.url,
  title: r.title,
  platform: r.platform,
  hasScreenshot: !!r.has_screenshot,
});

const toSnapshot = (r: SnapshotRow): StoredSnapshot => ({
  code: r.code,
  createdAt: r.created_at,
  createdBy: r.created_by,
  snapshot: JSON.parse(r.data),
  screenshot: r.screenshot,
});

export function snapshotStore(exec: SqlExecutor): SnapshotStore {
  return {
    async putSnapshot(s) {
      return (await exec.run(SNAPSHOT_SQL.insert, ...insertParams(s))).changes === 1;
    },
    async listSnapshots(o) {
      return (await exec.all<SnapshotListRow>(SNAPSHOT_SQL.list, ...listParams(o))).map(toListItem);
    },
    async getSnapshot(code) {
      const row = await exec.get<SnapshotRow>(SNAPSHOT_SQL.get, code);
      return row ? toSnapshot(row) : null;
    },
  };
}
