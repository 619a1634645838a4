// The snapshot Store methods on SQLite, spread into the store by createSqliteStore.
import type Database from 'better-sqlite3';
import type { SnapshotStore } from '../core/snapshots';
import { insertParams, listParams, SNAPSHOT_SQL as S, toListItem, toSnapshot, type SnapshotListRow, type SnapshotRow } from './sql-snapshots';

type Query = (sql: string) => Database.Statement;

export function sqliteSnapshots(q: Query): SnapshotStore {
  return {
    async putSnapshot(s) {
      return q(S.insert).run(...insertParams(s)).changes === 1;
    },
    async listSnapshots(o) {
      return (q(S.list).all(...listParams(o)) as SnapshotListRow[]).map(toListItem);
    },
    async getSnapshot(code) {
      const row = q(S.get).get(code) as SnapshotRow | undefined;
      return row ? toSnapshot(row) : null;
    },
  };
}
