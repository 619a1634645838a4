// Ids for sessions and events: unique, random, and matching the protocol's
// /^[\w-]+$/ with 8..64 characters.

/** What an id read back from storage must look like. */
export const ID_PATTERN = /^[\w-]{8,64}$/;

/** 32 random hex digits. crypto.getRandomValues works everywhere, randomUUID only in secure contexts. */
export function randomId(): string {
  let hex = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) hex += (byte | 256).toString(16).slice(1);
  return hex;
}
