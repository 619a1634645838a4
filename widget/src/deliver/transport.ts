// The two ways a body leaves the page, both as text/plain (a string body's type for
// fetch), a CORS-safelisted type, so no preflight is needed.
import { attempt } from '../lib/safe';

/** What a send told us: the status (0 for a network error), its Retry-After, and how many events a 202 refused. */
export type Outcome = [status: number, retryAfter?: string | null, rejected?: number];

export type Post = (endpoint: string, body: string) => Promise<Outcome>;

/**
 * fetch with keepalive, so a send in flight survives the page; resolves, never rejects.
 * Bodies stay under 60,000 bytes, inside the 64 KiB keepalive quota.
 */
export const post: Post = async (endpoint, body) => {
  try {
    const res = await fetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit' });
    // A 202 without the usual JSON is still a 202.
    const rejected =
      res.status === 202
        ? await res.json().then(
            (r) => (r as { rejected?: number } | null)?.rejected! | 0,
            () => 0,
          )
        : 0;
    return [res.status, res.headers.get('retry-after'), rejected];
  } catch {
    return [0];
  }
};

/** sendBeacon: queued by the browser even as the page goes away, but tells nothing back. */
export const beacon = (endpoint: string, body: string): boolean =>
  !!attempt(() => navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' })));
