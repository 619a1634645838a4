// Commits on their own thread (the Node runtime's default). Store.commit is the
// one write on the ingest path and its SQLite work is most of a batch's cost:
// on the main thread it would share one core with HTTP, parsing and validation.
// This side sends each batch (commit-codec.ts) and answers once the commit
// thread (sqlite-commit-worker.ts) has made it durable. The thread derives the
// batch's rollup deltas, sessions and error groups itself, from the batch, with
// the cardinality fold (core/derive.ts): a `derived` argument is not sent. A third thread
// (sqlite-checkpoint-worker.ts) copies the WAL into the database file as it
// grows, so that the commit thread's own checkpoints find little left to copy.
// Open the main connection with `checkpoints: 'elsewhere'`: it leaves them to
// those two and never stalls on one.
import { Worker } from 'node:worker_threads';
import type { CardinalityOptions } from '../core/cardinality';
import type { Store } from '../ports';
import { encodeCommit } from './commit-codec';

export interface CommitThreadOptions {
  /** The database file, already migrated. */
  file: string;
  durability: 'normal' | 'full';
  /** The cap on capped dimension values (core/cardinality.ts), applied as the thread derives. */
  cardinality?: Pick<CardinalityOptions, 'maxValues'>;
}

export type CommitRequest =
  { type: 'commit'; id: number; commit: string } | { type: 'settle'; id: number } | { type: 'close' };
export type CommitReply = { id: number; fresh: number } | { id: number; error: string };

export interface CommitThread {
  commit: Store['commit'];
  /** Commits handed to the thread and not answered yet. */
  backlog(): number;
  /** Resolves once the derived rows of every commit answered so far are written. */
  settle(): Promise<void>;
  /** Waits for the commits in flight, then closes the threads' connections. */
  close(): Promise<void>;
}

/** A worker thread running a TypeScript entry next to this file (ts-worker.mjs registers tsx's loader first). */
function startWorker(entry: string, options: CommitThreadOptions): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL(entry, import.meta.url).href, ...options },
  });
}

/**
 * `onExit` hears of a thread stopping unasked (a bug, or the file became unwritable):
 * commits in flight fail with it, and the runtime should stop rather than accept more.
 */
export function startCommitThread(
  options: CommitThreadOptions,
  onExit: (error: Error) => void,
): CommitThread {
  const worker = startWorker('./sqlite-commit-worker.ts', options);
  const checkpointer = startWorker('./sqlite-checkpoint-worker.ts', options);
  const waiting = new Map<number, { resolve: (fresh: number) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let closing = false;
  // A commit answered with new events since the last settle was asked: its derived rows may not be written yet.
  let unsettled = false;
  let settling: Promise<void> | null = null;
  let drained: (() => void) | null = null;

  worker.on('message', (reply: CommitReply) => {
    const request = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('fresh' in reply) {
      if (reply.fresh > 0) unsettled = true;
      request?.resolve(reply.fresh);
    } else request?.reject(new Error(reply.error));
    if (waiting.size === 0) drained?.();
  });
  for (const [name, thread] of [
    ['commit', worker],
    ['checkpoint', checkpointer],
  ] as const) {
    let failure: Error | null = null;
    thread.on('error', (error) => (failure = error));
    thread.on('exit', (code) => {
      if (closing) return;
      const error = failure ?? new Error(`the ${name} thread exited with code ${code}`);
      for (const request of waiting.values()) request.reject(error);
      waiting.clear();
      onExit(error);
    });
  }

  const exited = (thread: Worker) => new Promise((resolve) => thread.once('exit', resolve));
  const send = (request: (id: number) => CommitRequest) => {
    if (closing) return Promise.reject(new Error('the commit thread is closing'));
    const id = nextId++;
    return new Promise<number>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage(request(id));
    });
  };
  return {
    commit(batch, receipt) {
      const commit = encodeCommit(batch, receipt);
      return send((id) => ({ type: 'commit', id, commit }));
    },
    settle() {
      // The thread takes messages in order: this settle covers every commit answered before it is sent.
      if (unsettled) {
        unsettled = false;
        const asked: Promise<void> = send((id) => ({ type: 'settle', id }))
          .then(
            () => undefined,
            (error) => {
              unsettled = true;
              throw error;
            },
          )
          .finally(() => settling === asked && (settling = null));
        settling = asked;
      }
      return settling ?? Promise.resolve();
    },
    backlog: () => waiting.size,
    async close() {
      if (closing) return;
      closing = true;
      if (waiting.size > 0) await new Promise<void>((resolve) => (drained = resolve));
      const stopped = Promise.all([exited(worker), exited(checkpointer)]);
      worker.postMessage({ type: 'close' } satisfies CommitRequest);
      checkpointer.postMessage('close');
      await stopped;
    },
  };
}
