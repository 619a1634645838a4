// The Workers runtime's store, assembled in one place: D1 through the same SQL
// store as Node, each commit one D1 transaction, with the cardinality fold where
// its records are derived. The schema is applied by `wrangler d1 migrations apply`.
import { cardinalityFold, type CardinalityOptions } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import type { Store } from '../ports';
import { d1Executor } from './d1';
import { dimensionStore } from './dimensions';
import { createSqlStore } from './sql-store';

export function createWorkerStore(db: D1Database, options: { cardinality?: CardinalityOptions } = {}): Store {
  const exec = d1Executor(db);
  return createSqlStore(exec, {
    derive: foldedDerive(cardinalityFold(dimensionStore(exec), options.cardinality)),
  });
}
