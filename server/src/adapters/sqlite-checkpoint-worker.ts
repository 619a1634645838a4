// The checkpoint thread (started by sqlite-commit-thread.ts): copies the WAL into
// the database file on its own connection, so that neither the commit thread nor
// the main thread stalls on the copy and its fsync (they do not checkpoint).
// PASSIVE checkpoints never block a writer, but under sustained writes they never
// catch up with it, and the WAL would grow without end: once it holds more than
// RESTART_FRAMES, a RESTART checkpoint holds the writer back while it copies the
// few frames left and waits for readers to leave the WAL, so that the next commit
// starts the WAL anew. It gives up after RESTART_WAIT_MS (a long dashboard read)
// and tries again at the next tick: ingest never waits longer than that on it.
import { parentPort, workerData } from 'node:worker_threads';
import type { CommitThreadOptions } from './sqlite-commit-thread';
import { openSqlite } from './sqlite-store';

const EVERY_MS = 250;
const RESTART_FRAMES = 4096; // 16 MiB of 4 KiB pages
const RESTART_WAIT_MS = 10;
const port = parentPort!;
const { file, durability } = workerData as CommitThreadOptions;
const db = openSqlite(file, durability, 'elsewhere');
db.pragma(`busy_timeout = ${RESTART_WAIT_MS}`);

const checkpoint = () => {
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  if (log > RESTART_FRAMES) db.pragma('wal_checkpoint(RESTART)');
};
const timer = setInterval(checkpoint, EVERY_MS);

port.on('message', () => {
  // Asked to close: the last connection to close checkpoints what is left.
  clearInterval(timer);
  db.close();
  port.close();
});
