// Pure batching: events wait here until a flush turns them into request bodies,
// each under the keepalive/sendBeacon quota (64 KiB; we keep under 60,000 bytes
// like Faro and Elastic, leaving room for headers) and the protocol's event cap.
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

export interface Queue {
  /** Returns false when the event was dropped (queue full or not serialisable). */
  push(event: object): boolean;
  size(): number;
  /** Empties the queue into JSON bodies `{...envelope, events: [...]}`. */
  drain(envelope: object): string[];
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

export function createQueue(limits: QueueLimits = QUEUE_LIMITS): Queue {
  // Events are serialised once, when pushed, so sizes are exact and a later
  // change to the event object cannot alter what is sent.
  let pending: { json: string; bytes: number }[] = [];
  return {
    push(event) {
      if (pending.length >= limits.maxPending) return false;
      try {
        const json = JSON.stringify(event);
        pending.push({ json, bytes: utf8Length(json) });
        return true;
      } catch {
        return false;
      }
    },
    size: () => pending.length,
    drain(envelope) {
      const items = pending;
      pending = [];
      if (items.length === 0) return [];
      // `events` goes last so its array can be filled in by concatenation.
      const head = JSON.stringify({ ...envelope, events: [] }).slice(0, -2);
      const overhead = utf8Length(head) + 2;
      const bodies: string[] = [];
      let batch: string[] = [];
      let bytes = overhead;
      const close = () => {
        if (batch.length) bodies.push(`${head}${batch.join(',')}]}`);
        batch = [];
        bytes = overhead;
      };
      for (const item of items) {
        // An event that cannot fit even alone is dropped; the collectors truncate
        // long strings, so this only guards against a pathological one.
        if (overhead + item.bytes >= limits.maxBodyBytes) continue;
        const added = (batch.length ? 1 : 0) + item.bytes;
        if (batch.length >= limits.maxEvents || bytes + added >= limits.maxBodyBytes) close();
        bytes += (batch.length ? 1 : 0) + item.bytes;
        batch.push(item.json);
      }
      close();
      return bodies;
    },
  };
}
