// SqlExecutor on Cloudflare D1: the scale-out path. A D1 batch is one transaction.
import type { SqlExecutor } from '../ports';

export function d1Executor(db: D1Database): SqlExecutor {
  const q = (sql: string, params: readonly unknown[]) => db.prepare(sql).bind(...params);
  return {
    async all<T>(sql: string, ...params: unknown[]) {
      return (await q(sql, params).all<T>()).results;
    },
    async get<T>(sql: string, ...params: unknown[]) {
      return (await q(sql, params).first<T>()) ?? undefined;
    },
    async run(sql, ...params) {
      return { changes: (await q(sql, params).run()).meta.changes };
    },
    async batch(statements) {
      if (!statements.length) return [];
      const results = await db.batch(statements.map(([sql, params]) => q(sql, params)));
      return results.map((r) => ({
        rows: r.results ?? [],
        changes: r.meta.changes,
        rowsWritten: r.meta.rows_written,
      }));
    },
    async size() {
      // D1 refuses PRAGMA page_count, but reports the database's size with every result.
      return (await db.prepare('SELECT 1').run()).meta.size_after ?? 0;
    },
  };
}
