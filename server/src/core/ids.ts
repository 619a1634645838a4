// Ids and secrets from Web Crypto, available in Node 20 and in Workers alike.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A random id like `sk_4f…`: 120 bits, base32, URL- and header-safe. */
export function randomId(prefix: string, chars = 24): string {
  const bytes = crypto.getRandomValues(new Uint8Array(chars));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return `${prefix}_${id}`;
}

// Receipts name the request that stored an event: unique, never secret. A random
// prefix per process (or Worker isolate) and a counter make one without asking
// the random source on every request. The prefix is drawn at the first receipt:
// Workers refuse random values outside a request.
let receiptPrefix: string | undefined;
let receipts = 0;

/** A new commit's receipt: `r_<16 random chars>.<counter>`. */
export function receiptId(): string {
  receiptPrefix ??= randomId('r', 16);
  return `${receiptPrefix}.${(receipts++).toString(36)}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
