// The notifiers' transports on Node, under the outbound address policy: an HTTP
// POST whose connection goes only to addresses the policy passed (checked in the
// socket's own DNS lookup, so DNS rebinding cannot slip a refused address in
// between a check and the connect), and the SMTP sender, likewise.
// Redirects are never followed (the deliverer records a 3xx as a failure).
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { TargetRefused, type AddressPolicy } from '../core/synthetic/guard';
import type { NotifierDeps } from './index';
import type { Fetch } from './http';
import { createSmtpSender } from './smtp';
import { resolveAllPassing, systemResolve, type Resolve } from './resolve';

/** A lookup for node:http that answers only with addresses every one of which the policy passes. */
export function guardedLookup(policy: AddressPolicy, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllPassing(hostname, policy, resolve).then(
      (addresses) => {
        if (options.all) return (callback as (e: null, a: typeof addresses) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * The subset of fetch the notifiers use (POST a string, read the status and
 * headers), over node:http with the guarded lookup. The reply's body is not read.
 */
export function createGuardedFetch(policy: AddressPolicy, resolve: Resolve = systemResolve): Fetch {
  const lookup = guardedLookup(policy, resolve);
  return (input, init = {}) =>
    new Promise<Response>((answer, fail) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      // An IP literal never reaches the lookup: check it here.
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      const client = url.protocol === 'https:' ? https : http;
      const refused = isIP(literal) ? policy(literal) : null;
      if (refused) return fail(new TargetRefused(`refused: ${refused}`));
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const req = client.request(url, {
        method: init.method ?? 'GET',
        headers,
        signal: init.signal ?? undefined,
        lookup,
        agent: false,
      });
      req.on('response', (res) => {
        // The status and headers are all a delivery needs: the body is not read at all.
        res.destroy();
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers))
          for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
        const status = res.statusCode ?? 0;
        answer(new Response(null, { status: status >= 200 && status <= 599 ? status : 502, headers: h }));
      });
      req.on('error', fail);
      req.end(typeof init.body === 'string' ? init.body : undefined);
    });
}

/** What runtime/node.ts gives createNotify: the guarded HTTP and SMTP transports. */
export function nodeTransports(policy: AddressPolicy): Required<Pick<NotifierDeps, 'fetch' | 'sendEmail'>> {
  return { fetch: createGuardedFetch(policy), sendEmail: createSmtpSender({ policy }) };
}
