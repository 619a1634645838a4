// Uncaught errors and unhandled rejections. A page in a loop can throw the
// same error thousands of times: repeats are counted and sent as one event
// with `count` at the next flush, and distinct errors are capped per page.
import type { ErrorEvent as SightlineError } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { cleanUrl, scrubText, stamp, type Recorder } from '../lib/event';

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
export function createErrorCollector(record: Recorder, onRepeat: () => void, max = MAX_DISTINCT_ERRORS, onCap = () => {}): ErrorCollector {
  const seen = new Map<string, { details: ErrorDetails; repeats: number }>();
  return {
    capture(details) {
      const key = [details.type, details.message, details.source, details.line, details.col, details.stack?.slice(0, 300)].join('|');
      const known = seen.get(key);
      if (known) {
        known.repeats++;
        onRepeat();
      } else if (seen.size < max) {
        seen.set(key, { details, repeats: 0 });
        record({ ...stamp(), ...details, count: 1 });
      } else onCap();
    },
    flushCounts() {
      for (const entry of seen.values()) {
        if (entry.repeats === 0) continue;
        record({ ...stamp(), ...entry.details, count: Math.min(entry.repeats, 1_000_000) });
        entry.repeats = 0;
      }
    },
  };
}

/** The value as text with URLs' query strings removed (a stack can hold the launch URL), or undefined. */
function text(value: unknown, max: number): string | undefined {
  try {
    return value == null || value === '' ? undefined : scrubText(String(value).slice(0, max * 2), max);
  } catch {
    return undefined; // e.g. an object without toString
  }
}

/** Turns an `error` or `unhandledrejection` event into the protocol's fields. */
export function toErrorDetails(event: Event): ErrorDetails {
  if (event.type === 'unhandledrejection') {
    const reason = (event as PromiseRejectionEvent).reason as { message?: unknown; stack?: unknown } | undefined;
    // Duck-typed: errors from another frame fail `instanceof Error`.
    const isError = !!reason && typeof reason === 'object' && typeof reason.message === 'string';
    return {
      kind: 'error',
      type: 'rejection',
      message: text(isError ? reason!.message : reason, LIMITS.maxStringLength) ?? 'Unhandled rejection',
      stack: isError ? text(reason!.stack, LIMITS.maxStackLength) : undefined,
    };
  }
  const e = event as ErrorEvent;
  const error = e.error as { stack?: unknown } | undefined;
  return {
    kind: 'error',
    type: 'error',
    message: text(e.message, LIMITS.maxStringLength) ?? 'Error',
    stack: text(error?.stack, LIMITS.maxStackLength),
    source: e.filename ? cleanUrl(e.filename) || undefined : undefined,
    line: e.lineno > 0 ? e.lineno : undefined,
    col: e.colno > 0 ? e.colno : undefined,
  };
}

/** Listens for uncaught errors and rejections on this window; returns the collector to flush counts. */
export function collectErrors(record: Recorder, onRepeat: () => void, onCap?: () => void): ErrorCollector {
  const collector = createErrorCollector(record, onRepeat, MAX_DISTINCT_ERRORS, onCap);
  const onEvent = (event: Event) => {
    try {
      collector.capture(toErrorDetails(event));
    } catch {
      // Reporting an error must never raise another one.
    }
  };
  addEventListener('error', onEvent);
  addEventListener('unhandledrejection', onEvent);
  return collector;
}
