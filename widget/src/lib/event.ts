// What every collector shares: how an event is stamped and handed on.
import type { Event } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { randomId } from './random-id';

/** Queues an event for delivery (dropped when the session is sampled out). */
export type Recorder = (event: Event) => void;

/** The fields every event carries: a unique id (the server dedupes on it) and its time. */
export function stamp(): { id: string; t: number } {
  return { id: randomId(), t: Date.now() };
}

/** Milliseconds as the protocol bounds them: whole, 0..1 h, and 0 for anything not a number. */
export function ms(value: number): number {
  return value > 0 ? Math.min(3_600_000, Math.round(value)) : 0;
}

/** The URL without query string and fragment (LTI launches carry tokens there), or '' when unparsable. */
export function cleanUrl(href: string): string {
  try {
    const url = new URL(href);
    url.search = '';
    url.hash = '';
    return url.href.slice(0, LIMITS.maxUrlLength);
  } catch {
    return '';
  }
}
