// Error grouping: errors that differ only in ids, numbers, URLs or quoted
// values, thrown from the same place in the tool's own code, share a fingerprint.
import { hashHex } from '../../../shared/hash';

const URL_RE = /\b[a-z][\w+.-]*:\/\/[^\s'"`<>)]*[^\s'"`<>).,:;!?]/gi;
const QUOTED_RE = /"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`|(?<![\w])'(?:\\.|[^'\\])*'/g;
const UUID_RE = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_ID_RE = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi;
const NUMBER_RE = /-?\b\d+(?:\.\d+)?\b/g;
/** A short identifier (a property or function name): the word that tells `reading 'title'` from `reading 'map'`. */
const IDENTIFIER_RE = /^[A-Za-z_$][A-Za-z_$]{0,23}$/;

/** A quoted value is masked unless it is a short identifier; digits, dots, `@` and spaces mark values (ids, numbers, emails, text). */
const maskQuoted = (quoted: string) => (IDENTIFIER_RE.test(quoted.slice(1, -1)) ? quoted : '<str>');

/**
 * `Failed to load https://x/a?id=7: "a b" (412 ms)` → `Failed to load <url>: <str> (<n> ms)`;
 * `(reading 'title')` keeps its property name (issue #19).
 */
export function normaliseMessage(message: string): string {
  return message
    .replace(URL_RE, '<url>')
    .replace(QUOTED_RE, maskQuoted)
    .replace(UUID_RE, '<id>')
    .replace(HEX_ID_RE, '<id>')
    .replace(NUMBER_RE, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 256);
}

// Chrome: `at fn (url:1:2)`, `at url:1:2`; Firefox and Safari: `fn@url:1:2`.
const CHROME_FRAME = /^\s*at (?:async )?(?:(.+?) \()?(.+?):\d+(?::\d+)?\)?$/;
const GECKO_FRAME = /^\s*(.*?)@(.+?):\d+(?::\d+)?$/;
/** Frames that are not the tool's code: the widget itself, browser extensions, natives. */
const NOT_IN_APP =
  /^(?:chrome|moz|safari|safari-web|ms-browser)-extension:|^webkit-masked-url:|\/sightline(?:\.min)?\.js\b|^<anonymous>$|^native$|^\[native code\]$/;

/** A script URL as a stable file name: no origin, query or content hash. */
function fileOf(url: string): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/, 1)[0];
  }
  return path.replace(/([.-])[0-9a-f]{6,}(?=\.)/gi, '$1<hash>').slice(-128);
}

/** `fn (file)` of the first stack frame from the tool's own code, or '' when there is none. */
export function topFrame(stack: string | undefined, source?: string): string {
  for (const line of (stack ?? '').split('\n')) {
    const m = CHROME_FRAME.exec(line) ?? GECKO_FRAME.exec(line);
    if (!m || NOT_IN_APP.test(m[2])) continue;
    return `${m[1]?.replace(/^Object\./, '') || '?'} (${fileOf(m[2])})`;
  }
  return source && !NOT_IN_APP.test(source) ? `? (${fileOf(source)})` : '';
}

export interface ErrorIdentity {
  fingerprint: string;
  title: string;
  frame: string;
}

// The rollup delta and the group delta of one event both need it: computed once.
const known = new WeakMap<object, ErrorIdentity>();

/** The group an error belongs to: its type, normalised message and top in-app frame, hashed. */
export function fingerprintOf(error: {
  type: string;
  message: string;
  stack?: string;
  source?: string;
}): ErrorIdentity {
  let identity = known.get(error);
  if (!identity) {
    const title = normaliseMessage(error.message);
    const frame = topFrame(error.stack, error.source);
    known.set(
      error,
      (identity = { fingerprint: hashHex(`${error.type}\n${title}\n${frame}`), title, frame }),
    );
  }
  return identity;
}
