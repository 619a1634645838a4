// Migrations are plain .sql files shared with `wrangler d1 migrations apply`,
// tracked in the same `d1_migrations` table wrangler uses, so either tool can apply them.
import type { Migration } from '../ports';

export const MIGRATIONS_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)';

/** Splits a migration file into statements: comments dropped, split at `;` ending a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function pendingMigrations(all: Migration[], applied: Iterable<string>): Migration[] {
  const done = new Set(applied);
  return [...all].sort((a, b) => a.name.localeCompare(b.name)).filter((m) => !done.has(m.name));
}
