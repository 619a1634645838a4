// Pure batching: at each flush the queued events become chunks, each fitting one
// request body under the keepalive/sendBeacon quota (64 KiB; we keep under 60,000
// bytes like Faro and Elastic, leaving room for headers) and the protocol's event
// cap. A chunk is stored with its envelope and sent as `toBody`.
import { LIMITS } from '../../../shared/limits';

export interface QueueLimits {
  /** Every body is strictly smaller than this, in UTF-8 bytes. */
  maxBodyBytes: number;
  maxEvents: number;
  /** Events held at most between flushes; newer ones are dropped beyond it. */
  maxPending: number;
}

export const QUEUE_LIMITS: QueueLimits = {
  maxBodyBytes: 60_000,
  maxEvents: LIMITS.maxEventsPerBatch,
  maxPending: 1_000,
};

/** Events for one request: `v` their JSON array, `n` how many, `s` the body's bytes with its envelope. */
export interface Chunk {
  v: string;
  n: number;
  s: number;
}

/** UTF-8 length of a string; JSON.stringify never leaves a lone surrogate to be replaced. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The request body: the envelope with `sentAt`, then the events, last, by concatenation. */
export function toBody(envelope: object, events: string, sentAt: number): string {
  return JSON.stringify({ ...envelope, sentAt, events: 0 }).slice(0, -2) + events + '}';
}

/**
 * Cuts serialised events into chunks, in order, each fitting one body with `envelope`
 * (which should carry `sentAt`); also says how many events fit no body at all.
 */
export function toChunks(events: string[], envelope: object, limits = QUEUE_LIMITS): [Chunk[], number] {
  const overhead = utf8Length(JSON.stringify({ ...envelope, events: [] }));
  const chunks: Chunk[] = [];
  // Each event adds its bytes and a comma before it; the first one has none.
  const empty = overhead - 1;
  let batch: string[] = [];
  let bytes = empty;
  let tooBig = 0;
  const close = () => {
    if (batch.length) chunks.push({ v: `[${batch}]`, n: batch.length, s: bytes });
    batch = [];
    bytes = empty;
  };
  for (const json of events) {
    const size = utf8Length(json);
    // An event that cannot fit even alone is dropped; the collectors truncate
    // long strings, so this only guards against a pathological one.
    if (overhead + size >= limits.maxBodyBytes) tooBig++;
    else {
      if (batch.length >= limits.maxEvents || bytes + 1 + size >= limits.maxBodyBytes) close();
      bytes += 1 + size;
      batch.push(json);
    }
  }
  close();
  return [chunks, tooBig];
}
