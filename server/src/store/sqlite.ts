// SqlExecutor on a local SQLite file (better-sqlite3): the embedded default.
// better-sqlite3 is synchronous; its answers are wrapped in settled promises.
import Database from 'better-sqlite3';
import type { SqlExecutor, Statement, StatementResult } from '../ports';

/**
 * Opens (creating) a database file in WAL mode. `synchronous = NORMAL` makes a
 * commit durable once written to the WAL: it survives a crash of the process;
 * only a power loss can drop the last commits. Set `durability: 'full'` to
 * fsync every commit as well. A connection copies the WAL into the file itself
 * after a commit that made it grow past 1,000 pages (`checkpoints: 'auto'`),
 * unless other connections do that (`'elsewhere'`: sqlite-commit-thread.ts).
 */
export function openSqlite(
  file: string,
  durability: 'normal' | 'full' = 'normal',
  checkpoints: 'auto' | 'elsewhere' = 'auto',
): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  if (checkpoints === 'elsewhere') db.pragma('wal_autocheckpoint = 0');
  // A WAL that grew under load is cut back to this size when it starts over.
  db.pragma(`journal_size_limit = ${32 * 1024 * 1024}`);
  return db;
}

/** A prepared statement and how it takes its parameters. */
export interface Prepared {
  statement: Database.Statement;
  /** `?1`, `?2`…: better-sqlite3 binds them from an object keyed 1, 2…; `?` in order. */
  bind(params: readonly unknown[]): unknown[];
}

const inOrder = (params: readonly unknown[]) => params as unknown[];
const byNumber = (params: readonly unknown[]) => [Object.fromEntries(params.map((p, i) => [i + 1, p]))];

/**
 * Statements prepared on first use (they need the tables migrate creates) and
 * kept: a rollup read has only a few distinct shapes.
 */
export function statementCache(db: Database.Database): (sql: string) => Prepared {
  const prepared = new Map<string, Prepared>();
  return (sql) => {
    let p = prepared.get(sql);
    if (!p)
      prepared.set(sql, (p = { statement: db.prepare(sql), bind: /\?\d/.test(sql) ? byNumber : inOrder }));
    return p;
  };
}

/** Runs one statement: its rows if it returns any, else how many rows it changed. */
function execute({ statement, bind }: Prepared, params: readonly unknown[]): StatementResult {
  if (statement.reader) return { rows: statement.all(...bind(params)), changes: 0 };
  return { rows: [], changes: statement.run(...bind(params)).changes };
}

export function sqliteExecutor(db: Database.Database): SqlExecutor {
  const q = statementCache(db);
  const batch = db.transaction((statements: readonly Statement[]) =>
    statements.map(([sql, params]) => execute(q(sql), params)),
  );
  return {
    async all<T>(sql: string, ...params: unknown[]) {
      const p = q(sql);
      return p.statement.all(...p.bind(params)) as T[];
    },
    async get<T>(sql: string, ...params: unknown[]) {
      const p = q(sql);
      return p.statement.get(...p.bind(params)) as T | undefined;
    },
    async run(sql, ...params) {
      const p = q(sql);
      return { changes: p.statement.run(...p.bind(params)).changes };
    },
    async batch(statements) {
      return batch(statements);
    },
    async size() {
      return db
        .prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')
        .pluck()
        .get() as number;
    },
  };
}
