// The Workers runtime's store, assembled in one place: D1 through the same SQL
// store as Node, each commit one D1 transaction, with the cardinality fold where
// its records are derived. The schema is applied by `wrangler d1 migrations apply`.
import { cardinalityFold, type CardinalityOptions } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import type { BatchRow, Store } from '../ports';
import { commitStatements } from './batches';
import { d1Executor } from './d1';
import { dimensionStore } from './dimensions';
import { createSqlStore } from './sql-store';

export interface WorkerStore extends Store {
  /**
   * Commits many batches in one D1 transaction (the queue consumer's group): how many
   * events of each were new. All or nothing: a failure stores none of them.
   */
  commitMany(
    commits: { batch: BatchRow; receipt: string }[],
  ): Promise<{ fresh: number[]; rowsWritten: number }>;
}

export function createWorkerStore(
  db: D1Database,
  options: { cardinality?: CardinalityOptions } = {},
): WorkerStore {
  const exec = d1Executor(db);
  const derive = foldedDerive(cardinalityFold(dimensionStore(exec), options.cardinality));
  return {
    ...createSqlStore(exec, { derive }),
    async commitMany(commits) {
      const groups = await Promise.all(
        commits.map(async (c) => commitStatements(c.batch, c.receipt, await derive(c.batch))),
      );
      const results = await exec.batch(groups.flat());
      // Each group starts with its batch's insert: it changed a row only if the batch was new.
      let at = 0;
      const fresh = groups.map((statements, i) => {
        const inserted = results[at].changes > 0;
        at += statements.length;
        return inserted ? commits[i].batch.count : 0;
      });
      return { fresh, rowsWritten: results.reduce((n, r) => n + (r.rowsWritten ?? 0), 0) };
    },
  };
}
