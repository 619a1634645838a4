// Pure batching: events wait here until a flush turns them into chunks, each
// fitting one request body under the keepalive/sendBeacon quota (64 KiB; we keep
// under 60,000 bytes like Faro and Elastic, leaving room for headers) and the
// protocol's event cap. A chunk is stored with its envelope and sent as `toBody`.
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

export interface Queue {
  /** Returns false when the event was dropped (queue full or not serialisable); `always` ignores `maxPending`. */
  push(event: object, always?: boolean): boolean;
  /** Empties the queue into chunks, each fitting one body with `envelope` (which should carry `sentAt`). */
  drain(envelope: object): Chunk[];
  /** How many events were dropped since the last call: refused by push, or too big for any body. */
  lost(): number;
}

/** UTF-8 length of a string without allocating; a surrogate pair counts 2 + 2. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

/** The request body: the envelope with `sentAt`, then the events, last, by concatenation. */
export function toBody(envelope: object, events: string, sentAt: number): string {
  return JSON.stringify({ ...envelope, sentAt, events: 0 }).slice(0, -2) + events + '}';
}

export function createQueue(limits: QueueLimits = QUEUE_LIMITS): Queue {
  // Events are serialised once, when pushed, so sizes are exact and a later
  // change to the event object cannot alter what is sent.
  let pending: { json: string; bytes: number }[] = [];
  let lost = 0;
  return {
    push(event, always) {
      try {
        if (!always && pending.length >= limits.maxPending) throw 0;
        const json = JSON.stringify(event);
        pending.push({ json, bytes: utf8Length(json) });
        return true;
      } catch {
        lost++;
        return false;
      }
    },
    lost: () => {
      const n = lost;
      lost = 0;
      return n;
    },
    drain(envelope) {
      const items = pending;
      pending = [];
      const overhead = utf8Length(JSON.stringify({ ...envelope, events: [] }));
      const chunks: Chunk[] = [];
      let batch: string[] = [];
      let bytes = overhead;
      const close = () => {
        if (batch.length) chunks.push({ v: `[${batch}]`, n: batch.length, s: bytes });
        batch = [];
        bytes = overhead;
      };
      for (const item of items) {
        // An event that cannot fit even alone is dropped; the collectors truncate
        // long strings, so this only guards against a pathological one.
        if (overhead + item.bytes >= limits.maxBodyBytes) {
          lost++;
          continue;
        }
        if (batch.length >= limits.maxEvents || bytes + 1 + item.bytes >= limits.maxBodyBytes) close();
        bytes += (batch.length ? 1 : 0) + item.bytes;
        batch.push(item.json);
      }
      close();
      return chunks;
    },
  };
}
