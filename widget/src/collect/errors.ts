// Uncaught errors and unhandled rejections. A page in a loop can throw the
// same error thousands of times: repeats are counted and sent as one event
// with `count` at the next flush, and distinct errors are capped per page.
import type { ErrorEvent as SightlineError } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { cleanUrl, scrubText, stamp, type Recorder } from '../lib/event';
import { attempt } from '../lib/safe';

export const MAX_DISTINCT_ERRORS = 50;

type ErrorDetails = Omit<SightlineError, 'id' | 't' | 'count'>;

export interface ErrorCollector {
  capture(details: ErrorDetails): void;
  /** Records the repeats counted since the last flush, one event per distinct error. */
  flushCounts(): void;
}

/**
 * `onRepeat` is told when a repeat was counted, so the caller can schedule a flush;
 * `onCap` when a new distinct error was dropped over the per-page cap.
 */
export function createErrorCollector(
  record: Recorder,
  onRepeat: () => void,
  max = MAX_DISTINCT_ERRORS,
  onCap = () => {},
): ErrorCollector {
  // Repeats since the last flush, by error; the key is what makes two errors the same.
  const seen = new Map<string, [details: ErrorDetails, repeats: number]>();
  const send = (details: ErrorDetails, count: number) => record({ ...stamp(), ...details, count });
  return {
    capture(details) {
      // Errors are the same when all but the deeper frames of their stacks are.
      const key = JSON.stringify({ ...details, stack: details.stack?.slice(0, 300) });
      const known = seen.get(key);
      if (known) {
        known[1]++;
        onRepeat();
      } else if (seen.size < max) {
        seen.set(key, [details, 0]);
        send(details, 1);
      } else onCap();
    },
    flushCounts() {
      for (const entry of seen.values()) {
        if (entry[1]) send(entry[0], Math.min(entry[1], 1_000_000));
        entry[1] = 0;
      }
    },
  };
}

/** The value as text with URLs' query strings removed (a stack can hold the launch URL); undefined if empty or not text. */
function text(value: unknown, max: number): string | undefined {
  // String() throws for an object without toString.
  return attempt(() => scrubText(String(value ?? '').slice(0, max * 2), max)) || undefined;
}

/** Turns an `error` or `unhandledrejection` event into the protocol's fields. */
export function toErrorDetails(event: Event): ErrorDetails {
  const e = event as ErrorEvent & PromiseRejectionEvent;
  const rejection = e.type === 'unhandledrejection';
  const error = rejection ? e.reason : e.error;
  // Duck-typed: errors from another frame fail `instanceof Error`.
  const message = !rejection ? e.message : typeof error?.message === 'string' ? error.message : error;
  return {
    kind: 'error',
    type: rejection ? 'rejection' : 'error',
    // Without a message, the event's type says what happened.
    message: text(message, LIMITS.maxStringLength) ?? e.type,
    stack: text(error?.stack, LIMITS.maxStackLength),
    source: cleanUrl(e.filename) || undefined,
    // 0 when unknown.
    line: e.lineno || undefined,
    col: e.colno || undefined,
  };
}

/** Listens for uncaught errors and rejections on this window; returns the collector to flush counts. */
export function collectErrors(record: Recorder, onRepeat: () => void, onCap: () => void): ErrorCollector {
  const collector = createErrorCollector(record, onRepeat, MAX_DISTINCT_ERRORS, onCap);
  // Reporting an error must never raise another one.
  const onEvent = (event: Event) => attempt(() => collector.capture(toErrorDetails(event)));
  addEventListener('error', onEvent);
  addEventListener('unhandledrejection', onEvent);
  return collector;
}
