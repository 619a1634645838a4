// The commit thread (started by sqlite-commit-thread.ts): its own connection to
// the database file, and the SQLite store's commit with its group commit: the
// commits that arrive while one transaction runs share the next. It derives each
// batch's rollup deltas, sessions and error groups from the batch itself, with
// the cardinality fold, as a replay on start does (core/derive.ts). A commit is
// answered once its batch is stored; the derived rows follow (DERIVE_LATER).
import { parentPort, workerData } from 'node:worker_threads';
import { cardinalityFold } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import { decodeCommit } from './commit-codec';
import type { CommitReply, CommitRequest, CommitThreadOptions } from './sqlite-commit-thread';
import { createSqliteStore, openSqlite } from './sqlite-store';

const port = parentPort!;
const { file, durability, cardinality } = workerData as CommitThreadOptions;
// It checkpoints itself (by then the checkpoint thread has copied most of the WAL): that keeps the WAL small.
const db = openSqlite(file, durability);
// At 100,000 events/s, 8 batches' derived rows share one transaction every 4 ms: half the
// commit thread's time and a third of the p99 latency went to writing them per batch
// (docs/benchmarks.md). 16 or 32 batches wrote fewer pages but held commits longer.
const DERIVE_LATER = { batches: 8, ms: 5 };
const store = createSqliteStore(db, { deriveLater: DERIVE_LATER });
const derive = foldedDerive(cardinalityFold(store, cardinality));

const failure = (id: number, error: unknown): CommitReply => ({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });

port.on('message', (request: CommitRequest) => {
  if (request.type === 'close') {
    // The main thread sends this once every commit has been answered.
    store.settle();
    db.close();
    port.close();
    return;
  }
  const { id } = request;
  if (request.type === 'settle') {
    try {
      store.settle();
      port.postMessage({ id, fresh: 0 } satisfies CommitReply);
    } catch (error) {
      port.postMessage(failure(id, error));
    }
    return;
  }
  const [batch, receipt] = decodeCommit(request.commit);
  derive(batch)
    .then((derived) => store.commit(batch, receipt, derived))
    .then((fresh) => port.postMessage({ id, fresh } satisfies CommitReply), (error: unknown) => port.postMessage(failure(id, error)));
});
