// The Node runtime's store, assembled in one place: a SQLite file, migrated; the
// batches a crash left underived derived again; commits through the group commit
// on the commit thread (or in-process: `commitThread: false`, for tests that need
// no thread), with the cardinality fold where records are derived; reads of
// derived rows wait until the commits answered before them are derived.
import { cardinalityFold, type CardinalityOptions } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import type { Migration, Store } from '../ports';
import { dimensionStore } from './dimensions';
import { readMigrations } from './migration-files';
import { startCommitThread } from './sqlite-commit-thread';
import { createGroupCommit, DERIVE_LATER, rederive } from './sqlite-group-commit';
import { openSqlite, sqliteExecutor } from './sqlite';
import { createSqlStore } from './sql-store';

export interface NodeStoreOptions {
  /** The database file, created if missing. */
  file: string;
  durability?: 'normal' | 'full';
  cardinality?: CardinalityOptions;
  /** Commit on a thread of its own (the runtime: default), or on this one. */
  commitThread?: boolean;
  /** server/migrations/*.sql by default. */
  migrations?: Migration[];
  /** Hears that the commit thread stopped unasked: commits fail from then on (runtime/node.ts exits). */
  onCommitThreadExit?: (error: Error) => void;
  /** Progress of the replay on start (batches derived so far). */
  onRederive?: (done: number) => void;
}

export interface NodeStore {
  store: Store;
  /** Migrations this start applied. */
  applied: string[];
  /** Commits accepted but not yet written. */
  backlog(): number;
  /** Waits for the commits in flight, writes their derived rows, and closes the file. */
  close(): Promise<void>;
}

/** `close` may be called twice (a test, then its teardown): the second waits for the first. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}

export async function createNodeStore(options: NodeStoreOptions): Promise<NodeStore> {
  const threaded = options.commitThread ?? true;
  const durability = options.durability ?? 'normal';
  // With a commit thread, that thread and a checkpoint thread copy the WAL: this connection never stalls on it.
  const db = openSqlite(options.file, durability, threaded ? 'elsewhere' : 'auto');
  const exec = sqliteExecutor(db);
  const applied = await createSqlStore(exec).migrate(options.migrations ?? readMigrations());
  const derive = foldedDerive(cardinalityFold(dimensionStore(exec), options.cardinality));
  // Batches stored but not derived when the process last stopped (the group commit answers before deriving).
  await rederive(db, derive, options.onRederive);

  if (threaded) {
    const thread = startCommitThread(
      { file: options.file, durability, cardinality: options.cardinality },
      (error) => options.onCommitThreadExit?.(error),
    );
    const store = createSqlStore(exec, { commit: thread.commit, settle: thread.settle });
    return {
      store,
      applied,
      backlog: thread.backlog,
      close: once(async () => {
        await thread.close();
        db.close();
      }),
    };
  }
  const commits = createGroupCommit(db, { derive, deriveLater: DERIVE_LATER });
  const store = createSqlStore(exec, { commit: commits.commit, settle: async () => commits.settle() });
  return {
    store,
    applied,
    backlog: commits.backlog,
    close: once(async () => {
      commits.settle();
      db.close();
    }),
  };
}
