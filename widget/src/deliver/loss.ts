// The loss report: events dropped before delivery, counted by reason and sent in
// the next batch as a `dropped` event, so the server can tell loss from silence.
// It has its own id like any event, so a resent report is counted once.
import type { DropReason, DroppedEvent } from '../../../shared/protocol';
import { randomId } from '../lib/random-id';

export interface LossCounter {
  add(reason: DropReason, n: number): void;
  /** The counts since the last take, as an event; undefined when nothing was lost. */
  take(t: number): DroppedEvent | undefined;
}

export function createLossCounter(newId: () => string = randomId): LossCounter {
  let counts: DroppedEvent['counts'] = {};
  let any = false;
  return {
    add(reason, n) {
      counts[reason] = Math.min((counts[reason] ?? 0) + n, 1_000_000);
      any = true;
    },
    take(t) {
      if (!any) return undefined;
      const event: DroppedEvent = { id: newId(), t, kind: 'dropped', counts };
      counts = {};
      any = false;
      return event;
    },
  };
}
