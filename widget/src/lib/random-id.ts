// Ids for sessions, users and events: random, base64url, and matching the protocol's
// /^[\w-]+$/ with 8..64 characters. Short, because each one goes on the wire:
// - an event id is 8 characters (48 random bits). The server knows an event by
//   (site, session, t, id) and one batch by its ids, so two events collide only when
//   they share a session and a millisecond, or a batch: for k such events the chance
//   is about k² / 2^49, 2e-13 for a typical batch of 10 and 4e-10 for a full one of
//   500 (then one event is counted as a resend of the other);
// - a session or anonymous user id is 16 (96 bits), where collisions would merge two
//   people across a whole site: about n² / 2^97, 6e-10 after ten billion of them.

/** What an id read back from storage must look like. */
export const ID_PATTERN = /^[\w-]{8,64}$/;

/** `bytes` random bytes (6 or 12) as base64url: 8 or 16 characters. crypto.getRandomValues works everywhere. */
export function randomId(bytes = 6): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
