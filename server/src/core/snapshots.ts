// Support codes of snapshots: short enough to read out over the phone.

// Crockford's base32: no I, L, O or U, so a code read aloud is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `SL-7K3Q-9F`: 30 random bits; the caller retries on the rare collision. */
export function supportCode(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const c = [...random(6)].map((b) => CROCKFORD[b & 31]).join('');
  return `SL-${c.slice(0, 4)}-${c.slice(4)}`;
}

/** What a person typed (`sl 7k3q 9f`, `SL7K3Q9F`, with O for 0 or I/L for 1) as a code, or null. */
export function normaliseCode(input: string): string | null {
  const raw = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/^SL/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{6}$/.test(raw)) return null;
  return `SL-${raw.slice(0, 4)}-${raw.slice(4)}`;
}
