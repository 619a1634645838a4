// The check probe on Node: node:http(s) with a DNS lookup that refuses before
// connecting. Every address the host name resolves to must pass the policy, and
// the connection goes to exactly those addresses, so DNS rebinding between a
// check and the connect cannot slip a private address through.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { HttpProbe } from '../ports';
import { TargetRefused, type AddressPolicy } from '../core/synthetic/guard';
import { USER_AGENT } from '../core/synthetic/run';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface NodeProbeOptions {
  policy: AddressPolicy;
  /** Resolves a host name (default: the system resolver, as any Node client would). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
}

export function createNodeProbe(opts: NodeProbeOptions): HttpProbe {
  const resolve = opts.resolve ?? ((hostname: string) => dnsLookup(hostname, { all: true, verbatim: true }));

  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const refused = addresses.map((a) => opts.policy(a.address)).find((r) => r !== null);
        if (refused) return callback(new TargetRefused(`refused: ${hostname} resolves to ${refused}`), '', 0);
        if (!addresses.length)
          return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all)
          return (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  return ({ url, method, signal, maxBodyBytes }) =>
    new Promise((resolvePromise, reject) => {
      // IP literals never reach the lookup: check them here too, whatever the caller did.
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const refused = isIP(host) ? opts.policy(host) : null;
      if (refused) return reject(new TargetRefused(`refused: ${refused}`));
      const client = url.protocol === 'https:' ? https : http;
      const headers = { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'identity' };
      const req = client.request(url, { method, signal, lookup, headers, agent: false }, (res) => {
        const answer = (body: string) =>
          resolvePromise({ status: res.statusCode ?? 0, location: res.headers.location ?? null, body });
        if (maxBodyBytes <= 0) {
          res.destroy();
          return answer('');
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= maxBodyBytes) {
            res.destroy();
            // Streaming decode: a character cut in half at the limit is dropped.
            answer(
              new TextDecoder().decode(Buffer.concat(chunks).subarray(0, maxBodyBytes), { stream: true }),
            );
          }
        });
        res.on('end', () => answer(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
}
