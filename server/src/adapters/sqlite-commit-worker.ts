// The commit thread (started by sqlite-commit-thread.ts): its own connection to
// the database file, and the SQLite store's commit with its group commit: the
// commits that arrive while one transaction runs share the next.
import { parentPort, workerData } from 'node:worker_threads';
import { decodeCommit } from './commit-codec';
import type { CommitReply, CommitRequest, CommitThreadOptions } from './sqlite-commit-thread';
import { createSqliteStore, openSqlite } from './sqlite-store';

const port = parentPort!;
const { file, durability } = workerData as CommitThreadOptions;
// It checkpoints itself (by then the checkpoint thread has copied most of the WAL): that keeps the WAL small.
const db = openSqlite(file, durability);
const store = createSqliteStore(db);

port.on('message', (request: CommitRequest) => {
  if (request.type === 'close') {
    // The main thread sends this once every commit has been answered.
    db.close();
    port.close();
    return;
  }
  const { id } = request;
  store.commit(...decodeCommit(request.commit)).then(
    (fresh) => port.postMessage({ id, fresh } satisfies CommitReply),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CommitReply),
  );
});
