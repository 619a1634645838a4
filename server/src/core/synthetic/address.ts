// Which IP addresses a synthetic check may reach. Pure: strings in, a class out.
// Ranges from the IANA special-purpose registries (RFC 6890 and updates).

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

/**
 * Cloud instance metadata services (AWS, GCP and Azure; Alibaba; Azure's wire server; AWS over
 * IPv6): they hand out credentials, so they are refused even where private targets are allowed.
 */
const METADATA_V4 = new Set(['169.254.169.254', '100.100.100.200', '168.63.129.16']);
const EC2_METADATA_V6 = [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':');

/** Parses dotted-quad IPv4 (exactly four decimal parts, as DNS and the URL parser produce). */
export function parseIPv4(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

/** Parses IPv6 into eight 16-bit groups (`::`, an IPv4 tail and a `%zone` allowed). */
export function parseIPv6(ip: string): number[] | null {
  let s = ip.replace(/%.*$/, '');
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = parseIPv4(v4[1]);
    if (n === null) return null;
    s = `${s.slice(0, v4.index + 1)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const words = (part: string) => (part === '' ? [] : part.split(':'));
  const head = words(halves[0]);
  const rest = halves.length === 2 ? words(halves[1]) : null;
  const all = [...head, ...(rest ?? [])];
  if (!all.every((w) => /^[0-9a-f]{1,4}$/i.test(w))) return null;
  if (rest === null ? all.length !== 8 : all.length > 7) return null;
  const zeros = Array<string>(8 - all.length).fill('0');
  return [...head, ...zeros, ...(rest ?? [])].map((w) => parseInt(w, 16));
}

const inV4 = (n: number, base: string, bits: number) => {
  const b = parseIPv4(base)!;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (n & mask) >>> 0 === (b & mask) >>> 0;
};

function classifyV4(n: number, text: string): AddressClass {
  if (METADATA_V4.has(text)) return 'metadata';
  const ranges: [string, number, AddressClass][] = [
    ['0.0.0.0', 8, 'unspecified'], // "this network": 0.0.0.0 reaches the local host on Linux
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'cgnat'],
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'link-local'],
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
    ['192.0.2.0', 24, 'reserved'], // documentation
    ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'reserved'], // benchmarking
    ['198.51.100.0', 24, 'reserved'],
    ['203.0.113.0', 24, 'reserved'],
    ['224.0.0.0', 4, 'multicast'],
    ['240.0.0.0', 4, 'reserved'], // and 255.255.255.255
  ];
  return ranges.find(([base, bits]) => inV4(n, base, bits))?.[2] ?? 'public';
}

const v4Text = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');

function classifyV6(g: number[]): AddressClass {
  const zeroUpTo = (i: number) => g.slice(0, i).every((w) => w === 0);
  const embedded = (hi: number, lo: number) => {
    const text = v4Text(hi, lo);
    return classifyV4(parseIPv4(text)!, text);
  };
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  if (zeroUpTo(5) && g[5] === 0xffff) return embedded(g[6], g[7]); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeroUpTo(6)) return embedded(g[6], g[7]); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((w) => w === 0)) return embedded(g[6], g[7]); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64 (RFC 8215)
  if (g[0] === 0x2002) return embedded(g[1], g[2]); // 6to4 carries an IPv4 address
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved'; // Teredo: a tunnel to an arbitrary IPv4 host
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  if (g[0] === 0x100 && g.slice(1, 4).every((w) => w === 0)) return 'reserved'; // discard-only
  if (g.join(':') === EC2_METADATA_V6) return 'metadata';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local, fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** The class of an IP address in text form (IPv4, IPv6, IPv6 in brackets); `invalid` if it is not one. */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const v4 = parseIPv4(bare);
  if (v4 !== null) return classifyV4(v4, bare);
  const v6 = bare.includes(':') ? parseIPv6(bare) : null;
  return v6 ? classifyV6(v6) : 'invalid';
}

/** True for text that is an IP address rather than a host name. */
export const isIpLiteral = (host: string) => classifyAddress(host) !== 'invalid';
