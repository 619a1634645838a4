// The upload queue: every snapshot waiting for the server is sent, oldest first, until
// the server answers. Flushes run one after another (never two at once), and a record
// is marked uploaded, with its support code, before the next one is sent: a snapshot is
// uploaded once. (A background stopped between the server's answer and that mark would
// send it again on restart; the browser gives no way to make both one step.)
import type { SnapshotInput } from '../../shared/snapshot';
import { ServerError } from './server-client';
import type { SnapshotStore, StoredSnapshot } from './snapshot-store';

/** Whether a failed upload may succeed later (server down, token fixed) or never will (400, 413). */
export interface UploadFailure {
  retry: boolean;
  message: string;
}

/** The server down or the token refused may pass; 400 (invalid) and 413 (too large) never will. */
export function classifyUploadError(err: unknown): UploadFailure {
  const message = err instanceof Error ? err.message : String(err);
  const final =
    err instanceof ServerError && err.kind === 'http' && (err.status === 400 || err.status === 413);
  return { retry: !final, message };
}

export interface UploadQueueDeps {
  store: SnapshotStore;
  upload: (snapshot: SnapshotInput) => Promise<{ code: string }>;
  classify: (err: unknown) => UploadFailure;
}

export interface FlushResult {
  uploaded: number;
  pending: number;
  /** The reason the queue stopped early (the server is down, say); null when it emptied. */
  error: string | null;
}

export function createUploadQueue({ store, upload, classify }: UploadQueueDeps) {
  let chain: Promise<unknown> = Promise.resolve();

  async function run(): Promise<FlushResult> {
    let uploaded = 0;
    for (const record of await store.pending()) {
      try {
        const { code } = await upload(record.snapshot);
        await store.update(record.id, (s) => ({ ...s, code, upload: 'uploaded', uploadError: null }));
        uploaded++;
      } catch (err) {
        const failure = classify(err);
        await store.update(record.id, (s) => failed(s, failure));
        // Unreachable or refused token: the next ones would fail alike.
        if (failure.retry)
          return { uploaded, pending: (await store.pending()).length, error: failure.message };
      }
    }
    return { uploaded, pending: (await store.pending()).length, error: null };
  }

  return {
    /** Uploads what is pending; a flush asked for while one runs starts after it. */
    flush(): Promise<FlushResult> {
      const next = chain.then(run, run);
      chain = next.catch(() => undefined);
      return next;
    },
  };
}

function failed(s: StoredSnapshot, f: UploadFailure): StoredSnapshot {
  return { ...s, attempts: s.attempts + 1, uploadError: f.message, upload: f.retry ? 'pending' : 'rejected' };
}

export type UploadQueue = ReturnType<typeof createUploadQueue>;
