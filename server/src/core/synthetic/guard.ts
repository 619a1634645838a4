// The outbound address policy (SSRF guard): which URLs and addresses the server may
// reach, for synthetic checks and notification channels (webhook, Slack, PagerDuty,
// SMTP) alike. The core checks each URL or host before a request (scheme, IP
// literals, localhost names); the Node probe and the Node notifier transports
// check every address a host name resolves to, at connect time.
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
 * A host as a connection would read it: brackets off, and IPv4 in any spelling the
 * WHATWG URL parser (and getaddrinfo) accepts (2130706433, 0x7f.1, 0177.0.0.1) as a
 * dotted quad, so an SMTP host written that way is classified like a URL's.
 */
function normalHost(hostname: string): string {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (bare.includes(':')) return bare;
  try {
    return new URL(`http://${bare}`).hostname;
  } catch {
    return bare;
  }
}

/**
 * Checks a host before any connection: an IP literal or a localhost name (RFC 6761)
 * must pass the policy; other names are checked once resolved, at connect time.
 * Returns the reason it is refused, or null.
 */
export function refuseHost(hostname: string, policy: AddressPolicy): string | null {
  const host = normalHost(hostname);
  if (classifyAddress(host) !== 'invalid') return policy(host);
  const name = host.toLowerCase().replace(/\.+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost'))
    return policy('127.0.0.1') && `${host} is a loopback name${HINT}`;
  return null;
}

/**
 * Checks a URL before any request: http or https only, and its host past
 * `refuseHost`. The URL parser has already normalised 2130706433, 0x7f.1 and
 * 0177.0.0.1 to 127.0.0.1. Returns the reason it is refused, or null.
 */
export function refuseUrl(url: URL, policy: AddressPolicy): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} URLs are not checked: http or https only`;
  return refuseHost(url.hostname, policy);
}

/** Why a channel's target may not be reached, or null (what a channel's URL or SMTP host names). */
export function refuseChannel(
  channel: { type: string; url?: string; smtp?: { host: string } },
  policy: AddressPolicy,
): { field: string; reason: string } | null {
  if (channel.type === 'email' && channel.smtp) {
    const reason = refuseHost(channel.smtp.host, policy);
    return reason ? { field: 'smtp.host', reason } : null;
  }
  if (channel.url === undefined) return null;
  let url: URL;
  try {
    url = new URL(channel.url);
  } catch {
    return { field: 'url', reason: 'not a URL' };
  }
  const reason = refuseUrl(url, policy);
  return reason ? { field: 'url', reason } : null;
}
