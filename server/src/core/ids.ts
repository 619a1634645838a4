// Ids and secrets from Web Crypto, available in Node 20 and in Workers alike.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A random id like `sk_4f…`: 120 bits, base32, URL- and header-safe. */
export function randomId(prefix: string, chars = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(chars));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return `${prefix}_${id}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
