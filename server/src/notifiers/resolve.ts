// Resolving a notifier's target host on Node and checking every address against
// the outbound policy before any connection (the policy of core/synthetic/guard.ts).
// Every address, not only the first: a name answering with a public and a private
// address would otherwise reach the private one on a retry or a failover.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { TargetRefused, type AddressPolicy } from '../core/synthetic/guard';

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver, as any Node client would use (getaddrinfo: /etc/hosts, then DNS). */
export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** The addresses `hostname` resolves to, once every one of them passes; TargetRefused otherwise. */
export async function resolveAllPassing(
  hostname: string,
  policy: AddressPolicy,
  resolve: Resolve,
): Promise<ResolvedAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await resolve(bare);
  for (const a of addresses) {
    const refused = policy(a.address);
    if (refused)
      throw new TargetRefused(`refused: ${isIP(bare) ? refused : `${hostname} resolves to ${refused}`}`);
  }
  if (!addresses.length) throw Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' });
  return addresses;
}

/** The first address of `resolveAllPassing`: where to connect. */
export async function resolvePassing(hostname: string, policy: AddressPolicy, resolve: Resolve) {
  return (await resolveAllPassing(hostname, policy, resolve))[0].address;
}
