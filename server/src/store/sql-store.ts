// The Store, every method written once over a SqlExecutor (SQLite or D1), one
// file per concern. A runtime's assembly (node-store.ts, worker-store.ts) picks
// the executor, the commit and whether reads wait for derived rows.
import { derivedOf } from '../core/derive';
import type { BatchRow, Derived, DerivedReads, SqlExecutor, Store } from '../ports';
import { alertStore } from './alerts';
import { batchStore } from './batches';
import { checkStore } from './checks';
import { dimensionStore } from './dimensions';
import { errorGroupReads } from './error-groups';
import { saltStore } from './day-salts';
import { healthStore } from './health';
import { insightStore } from './insights';
import { launchStore } from './launches';
import { logStore } from './logs';
import { levelStore } from './levels';
import { queueStore } from './queue';
import { releaseStore } from './releases';
import { rollupReads } from './rollups';
import { schemaStore } from './schema';
import { sessionReads } from './sessions';
import { siteStore } from './sites';
import { snapshotStore } from './snapshots';
import { userStore } from './users';

export interface SqlStoreOptions {
  /** A batch's records when a commit is given none (the assembly adds the cardinality fold); `derivedOf` by default. */
  derive?: (batch: BatchRow) => Promise<Derived>;
  /** Another commit (Node's group commit); the one-transaction commit of batches.ts by default. */
  commit?: Store['commit'];
  /** Resolves once every answered commit's derived rows are written: derived reads wait for it. */
  settle?: () => Promise<void>;
}

export function createSqlStore(exec: SqlExecutor, options: SqlStoreOptions = {}): Store {
  const derived: DerivedReads = {
    ...rollupReads(exec),
    ...levelStore(exec),
    ...sessionReads(exec),
    ...errorGroupReads(exec),
    ...userStore(exec),
  };
  const batches = batchStore(exec, options.derive ?? (async (batch) => derivedOf(batch)));
  return {
    ...schemaStore(exec),
    ...siteStore(exec),
    ...batches,
    ...(options.commit ? { commit: options.commit } : {}),
    ...dimensionStore(exec),
    ...(options.settle ? settled(derived, options.settle) : derived),
    ...healthStore(exec),
    ...checkStore(exec),
    ...alertStore(exec),
    ...snapshotStore(exec),
    ...queueStore(exec),
    ...saltStore(exec),
    // The parts of a launch are derived rows: a fold waits for them as reads do.
    ...(options.settle ? settled(launchStore(exec), options.settle) : launchStore(exec)),
    // Log lines are derived rows too.
    ...(options.settle ? settled(logStore(exec), options.settle) : logStore(exec)),
    // Releases and their figures are derived rows too.
    ...(options.settle ? settled(releaseStore(exec), options.settle) : releaseStore(exec)),
    // Query plans are derived rows; attribution is read from raw batches.
    ...(options.settle ? settled(insightStore(exec), options.settle) : insightStore(exec)),
  };
}

/** Every method of `reads`, waiting for `settle` first. */
export function settled<T extends object>(reads: T, settle: () => Promise<void>): T {
  const wrapped = Object.entries(reads).map(([name, read]) => [
    name,
    async (...args: unknown[]) => {
      await settle();
      return (read as (...a: unknown[]) => unknown)(...args);
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
