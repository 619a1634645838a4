// Starts a worker thread from TypeScript source: worker threads do not inherit
// tsx's loader from the main thread, so register it, then import the entry
// named in workerData.entry (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
