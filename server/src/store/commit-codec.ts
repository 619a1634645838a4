// A commit (a batch and its receipt) as one string, to hand it to the commit
// thread (sqlite-commit-thread.ts). Copying a string between threads is a memcpy.
// The thread derives the batch's rollup deltas, sessions and error groups itself
// (core/derive.ts), so only the batch travels. Its events (JSON text already)
// follow the JSON as they are: inside it, they would be escaped and unescaped
// again. So the whole is `<length of the JSON>:<JSON><events>`.
import type { BatchRow } from '../ports';

interface Encoded {
  receipt: string;
  /** The batch but its events, which follow the JSON. */
  batch: Omit<BatchRow, 'events'>;
}

export function encodeCommit(batch: BatchRow, receipt: string): string {
  const { events, ...rest } = batch;
  const json = JSON.stringify({ receipt, batch: rest } satisfies Encoded);
  return `${json.length}:${json}${events}`;
}

/** The batch and receipt `encodeCommit` was given. */
export function decodeCommit(text: string): [BatchRow, string] {
  const colon = text.indexOf(':');
  const at = colon + 1 + Number(text.slice(0, colon));
  const e = JSON.parse(text.slice(colon + 1, at)) as Encoded;
  return [{ ...e.batch, events: text.slice(at) }, e.receipt];
}
