// The snapshot Store methods on D1, spread into the store by createD1Store.
import type { SnapshotStore } from '../core/snapshots';
import { insertParams, listParams, SNAPSHOT_SQL as S, toListItem, toSnapshot, type SnapshotListRow, type SnapshotRow } from './sql-snapshots';

export function d1Snapshots(db: D1Database): SnapshotStore {
  const q = (sql: string, ...params: readonly unknown[]) => db.prepare(sql).bind(...params);
  return {
    async putSnapshot(s) {
      return (await q(S.insert, ...insertParams(s)).run()).meta.changes === 1;
    },
    async listSnapshots(o) {
      return (await q(S.list, ...listParams(o)).all<SnapshotListRow>()).results.map(toListItem);
    },
    async getSnapshot(code) {
      const row = await q(S.get, code).first<SnapshotRow>();
      return row ? toSnapshot(row) : null;
    },
  };
}
