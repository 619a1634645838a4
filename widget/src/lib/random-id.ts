// Ids for sessions and events: unique, random, and matching the protocol's
// /^[\w-]+$/ with 8..64 characters.

/** What an id read back from storage must look like. */
export const ID_PATTERN = /^[\w-]{8,64}$/;

/** A UUID when the page has crypto.randomUUID (secure contexts only), else 32 hex digits. */
export function randomId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  // Last resort for very old engines; ids need uniqueness, not secrecy.
  else for (let i = 0; i < bytes.length; i++) bytes[i] = (Math.random() * 256) | 0;
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}
