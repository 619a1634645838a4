// The commit thread (started by sqlite-commit-thread.ts): its own connection to
// the database file, and the group commit (sqlite-group-commit.ts): the commits
// that arrive while one transaction runs share the next. It derives each batch's
// rollup deltas, sessions and error groups from the batch itself, with the
// cardinality fold, as a replay on start does (core/derive.ts). A commit is
// answered once its batch is stored; the derived rows follow (DERIVE_LATER).
import { parentPort, workerData } from 'node:worker_threads';
import { cardinalityFold } from '../core/cardinality';
import { foldedDerive } from '../core/derive';
import { decodeCommit } from './commit-codec';
import { dimensionStore } from './dimensions';
import type { CommitReply, CommitRequest, CommitThreadOptions } from './sqlite-commit-thread';
import { DERIVE_LATER, createGroupCommit } from './sqlite-group-commit';
import { openSqlite, sqliteExecutor } from './sqlite';

const port = parentPort!;
const { file, durability, cardinality } = workerData as CommitThreadOptions;
// It checkpoints itself (by then the checkpoint thread has copied most of the WAL): that keeps the WAL small.
const db = openSqlite(file, durability);
const fold = cardinalityFold(dimensionStore(sqliteExecutor(db)), cardinality);
const commits = createGroupCommit(db, { derive: foldedDerive(fold), deriveLater: DERIVE_LATER });

const failure = (id: number, error: unknown): CommitReply => ({
  id,
  error: error instanceof Error ? (error.stack ?? error.message) : String(error),
});

port.on('message', (request: CommitRequest) => {
  if (request.type === 'close') {
    // The main thread sends this once every commit has been answered.
    commits.settle();
    db.close();
    port.close();
    return;
  }
  const { id } = request;
  if (request.type === 'settle') {
    try {
      commits.settle();
      port.postMessage({ id, fresh: 0 } satisfies CommitReply);
    } catch (error) {
      port.postMessage(failure(id, error));
    }
    return;
  }
  const [batch, receipt] = decodeCommit(request.commit);
  commits.commit(batch, receipt).then(
    (fresh) => port.postMessage({ id, fresh } satisfies CommitReply),
    (error: unknown) => port.postMessage(failure(id, error)),
  );
});
