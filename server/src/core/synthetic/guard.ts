// The SSRF guard: which URLs and addresses a synthetic check may reach. The core
// checks each URL before a request (scheme, IP literals, localhost names); the
// Node probe checks every address a host name resolves to, at connect time.
import { classifyAddress, type AddressClass } from './address';

/** Why an address may not be reached, or null when it may. */
export type AddressPolicy = (ip: string) => string | null;

const DESCRIBED: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  cgnat: 'a carrier-grade NAT (100.64.0.0/10) address',
  metadata: 'a cloud metadata address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  invalid: 'not an IP address',
};

const HINT = ' (set SIGHTLINE_ALLOW_PRIVATE_TARGETS=true to allow private targets)';

/**
 * The deployment's policy. By default only public unicast addresses; with
 * `allowPrivate` any address except cloud metadata services, which hand out
 * credentials and are never worth monitoring.
 */
export function addressPolicy(allowPrivate: boolean): AddressPolicy {
  return (ip) => {
    const kind = classifyAddress(ip);
    if (kind === 'public' || (allowPrivate && kind !== 'metadata' && kind !== 'invalid')) return null;
    return `${ip} is ${DESCRIBED[kind]}${kind === 'metadata' || kind === 'invalid' ? '' : HINT}`;
  };
}

/** A target the guard refused: no request was sent. */
export class TargetRefused extends Error {
  readonly code = 'ETARGETREFUSED';
}

/**
 * Checks a URL before any request: http or https only, and an IP literal or a
 * localhost name (RFC 6761) must pass the policy. Host names are checked by the
 * probe once resolved. Returns the reason it is refused, or null.
 */
export function refuseUrl(url: URL, policy: AddressPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} URLs are not checked: http or https only`;
  // The URL parser has already normalised 2130706433, 0x7f.1 and 0177.0.0.1 to 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (classifyAddress(host) !== 'invalid') return policy(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost'))
    return policy('127.0.0.1') && `${host} is a loopback name${HINT}`;
  return null;
}
