// The in-memory buffer and the batches cut from it. Bounded: when full, the
// oldest events go (the newest say more about now) and are counted. Events are
// serialised only when a batch is cut, off the measured request's path.
import { LIMITS } from '../shared/limits';

/** Bodies stay under the 64 KiB ingest limit with room to spare, as the widget's do. */
export const MAX_BODY_BYTES = 60_000;

export type LossReason = 'overflow' | 'rejected';

/** Events lost, by reason: running totals, and what the server has not been told yet. */
export function createLossCounter() {
  const totals: Record<LossReason, number> = { overflow: 0, rejected: 0 };
  let unreported: Partial<Record<LossReason, number>> = {};
  return {
    add(n: number, reason: LossReason) {
      if (n <= 0) return;
      totals[reason] += n;
      unreported[reason] = (unreported[reason] ?? 0) + n;
    },
    totals: () => ({ ...totals }),
    /** The counts since the last call, or undefined when nothing was lost. */
    takeUnreported() {
      if (Object.keys(unreported).length === 0) return undefined;
      const counts = unreported;
      unreported = {};
      return counts;
    },
  };
}

export interface EventBuffer<T> {
  /** Adds at the end; returns how many old events were dropped to make room. */
  push(event: T): number;
  take(): T[];
  size(): number;
}

export function createEventBuffer<T>(capacity: number): EventBuffer<T> {
  let events: T[] = [];
  const trim = () => {
    const excess = events.length - capacity;
    if (excess <= 0) return 0;
    events.splice(0, excess);
    return excess;
  };
  return {
    push(event) {
      events.push(event);
      return trim();
    },
    take() {
      const taken = events;
      events = [];
      return taken;
    },
    size: () => events.length,
  };
}

/** UTF-8 length of a string without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

export interface Batch<T> {
  body: string;
  events: T[];
}

/**
 * Cuts events into JSON bodies `{...envelope, events: [...]}` of at most
 * `maxEvents` events and under `maxBytes`. An event that cannot be serialised,
 * or cannot fit even alone, is left out and counted in `skipped`.
 */
export function toBatches<T>(
  envelope: object,
  events: T[],
  maxBytes = MAX_BODY_BYTES,
  maxEvents: number = LIMITS.maxEventsPerBatch,
) {
  // `events` goes last so its array can be filled in by concatenation.
  const head = JSON.stringify({ ...envelope, events: [] }).slice(0, -2);
  const overhead = utf8Length(head) + 2;
  const batches: Batch<T>[] = [];
  let skipped = 0;
  let json: string[] = [];
  let members: T[] = [];
  let bytes = overhead;
  const close = () => {
    if (json.length) batches.push({ body: `${head}${json.join(',')}]}`, events: members });
    json = [];
    members = [];
    bytes = overhead;
  };
  for (const event of events) {
    let text: string | undefined;
    try {
      text = JSON.stringify(event);
    } catch {
      text = undefined; // a cycle or a BigInt in a hand-made event
    }
    const size = text === undefined ? Infinity : utf8Length(text);
    if (text === undefined || overhead + size >= maxBytes) {
      skipped++;
      continue;
    }
    if (json.length >= maxEvents || bytes + 1 + size >= maxBytes) close();
    bytes += (json.length ? 1 : 0) + size;
    json.push(text);
    members.push(event);
  }
  close();
  return { batches, skipped };
}
