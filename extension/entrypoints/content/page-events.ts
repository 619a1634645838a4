// What the page-world script (entrypoints/page-errors.ts) forwards: uncaught errors
// with stacks, SPA route changes and the LMS globals.
import { scrubText } from '../../lib/scrub';

export interface PageError {
  message: string;
  stack: string;
  source?: string;
  line?: number;
  column?: number;
  count: number;
}

export type PageEvent =
  | { type: 'error'; message: string; stack?: string; source?: string; line?: number; column?: number }
  | { type: 'navigation'; url: string }
  | { type: 'lms'; canvas: boolean; moodle: boolean };

/** Keeps at most 50 distinct errors; repeats are counted. */
export function addError(errors: PageError[], e: Extract<PageEvent, { type: 'error' }>): PageError[] {
  const message = scrubText(String(e.message ?? '')).slice(0, 1024);
  const stack = scrubText(String(e.stack ?? '')).slice(0, 8192);
  const same = errors.find((x) => x.message === message && x.stack === stack);
  if (same) {
    same.count++;
    return errors;
  }
  if (errors.length >= 50) return errors;
  return [
    ...errors,
    {
      message,
      stack,
      source: e.source ? scrubText(e.source) : undefined,
      line: e.line,
      column: e.column,
      count: 1,
    },
  ];
}

/** Listens for the page-world script's events. */
export function onPageEvent(handler: (event: PageEvent) => void): void {
  document.addEventListener('sightline:page', (e) => {
    try {
      const detail = (e as CustomEvent<unknown>).detail;
      if (typeof detail === 'string') handler(JSON.parse(detail) as PageEvent);
    } catch {
      // not ours, or malformed: ignore
    }
  });
}
