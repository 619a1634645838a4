// The checkpoint thread (started by sqlite-commit-thread.ts): copies the WAL into
// the database file every EVERY_MS on its own connection, without ever blocking
// a writer (PASSIVE). Under sustained writes such a checkpoint never finishes the
// WAL, so the commit thread still checkpoints itself once the WAL passes 1,000
// pages, and starts it anew; but by then this thread has copied nearly all of it,
// and that checkpoint is short. (A RESTART checkpoint from here instead, to keep
// the WAL bounded, doubled the p99 latency: it holds the writer through an fsync.)
import { parentPort, workerData } from 'node:worker_threads';
import type { CommitThreadOptions } from './sqlite-commit-thread';
import { openSqlite } from './sqlite';

// Often: what it leaves the commit thread's checkpoint to copy is the stall a batch can meet.
// At 70,000 events/s, every 50 ms instead of 250 took the p99 from 25–39 ms to 18–24 ms;
// at 100,000, every 10 ms instead of 50 took the commit thread's p99.9 from 8 ms to 5 ms.
const EVERY_MS = 10;
const port = parentPort!;
const { file, durability } = workerData as CommitThreadOptions;
const db = openSqlite(file, durability, 'elsewhere');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), EVERY_MS);

port.on('message', () => {
  // Asked to close: the last connection to close checkpoints what is left.
  clearInterval(timer);
  db.close();
  port.close();
});
