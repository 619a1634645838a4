// What every collector shares: how an event is stamped and handed on, and how
// URLs and texts are scrubbed before they leave the page.
import type { Event } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { scrub } from '../../../shared/scrub';
import { randomId } from './random-id';
import { attempt } from './safe';

/** Queues an event for delivery (dropped when the session is sampled out). */
export type Recorder = (event: Event) => void;

/** The fields every event carries: a unique id and its time (with the session, what the server knows a resent batch by). */
export function stamp(): { id: string; t: number } {
  return { id: randomId(), t: Date.now() };
}

/** Milliseconds as the protocol bounds them: whole, 0..1 h, and 0 for anything not a number. */
export function ms(value: number): number {
  return value > 0 ? Math.min(3_600_000, Math.round(value)) : 0;
}

/** LTI 1.3 launch and login parameters: never sent, even when allow-listed. */
export const LTI_PARAMS: readonly string[] = ['id_token', 'state', 'login_hint', 'lti_message_hint'];

/**
 * The URL without credentials, fragment and query string (LTI launches carry
 * tokens there), except the `allow`-listed query parameters, then scrubbed (a student
 * number in the path, an email in a kept parameter); '' when unparsable.
 */
export function cleanUrl(href: string, allow: readonly string[] = []): string {
  return (
    attempt(() => {
      const url = new URL(href);
      const kept = [...url.searchParams].filter(([key]) => allow.includes(key) && !LTI_PARAMS.includes(key));
      url.search = `${new URLSearchParams(kept)}`;
      url.hash = url.username = url.password = '';
      return scrub(url.href).slice(0, LIMITS.maxUrlLength);
    }) ?? ''
  );
}

// A URL's query and fragment inside free text (error messages, stack frames),
// up to the `:line:col` a stack frame appends, a closing parenthesis or a space.
const URL_QUERY = /(\/\/[^\s?#)]*)[?#][^\s)]*?(?=:\d+(?::\d+)?\)?(?:\s|$)|[\s)]|$)/g;

/** `text` with every URL's query string and fragment removed, personal data scrubbed, then cut to `max` characters. */
export function scrubText(text: string, max: number): string {
  return scrub(text.replace(URL_QUERY, '$1')).slice(0, max);
}
