// The schema: migrations (server/migrations/*.sql, shared with `wrangler d1
// migrations apply` through its d1_migrations table) and a liveness ping.
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { SchemaStore, SqlExecutor } from '../ports';

const SQL = {
  applied: 'SELECT name FROM d1_migrations',
  record: 'INSERT INTO d1_migrations (name) VALUES (?)',
} as const;

export function schemaStore(exec: SqlExecutor): SchemaStore {
  const applied = async () => (await exec.all<{ name: string }>(SQL.applied)).map((r) => r.name);
  return {
    async migrate(migrations) {
      await exec.run(MIGRATIONS_TABLE_SQL);
      const pending = pendingMigrations(migrations, await applied());
      // One transaction per migration: its statements and its record commit together, as with wrangler.
      for (const m of pending)
        await exec.batch([...splitStatements(m.sql).map((s) => [s, []] as const), [SQL.record, [m.name]]]);
      return pending.map((m) => m.name);
    },
    appliedMigrations: applied,
    async ping() {
      await exec.get('SELECT 1');
    },
  };
}
