// The two ways a body leaves the page. Both send text/plain, a CORS-safelisted
// type, so no preflight is needed.

/** What a send told us: the status (0 for a network error), its Retry-After, and how many events a 202 refused. */
export type Outcome = [status: number, retryAfter?: string | null, rejected?: number];

export type Post = (endpoint: string, body: string) => Promise<Outcome>;

/**
 * fetch with keepalive, so a send in flight survives the page; resolves, never rejects.
 * Bodies stay under 60,000 bytes, inside the 64 KiB keepalive quota.
 */
export const post: Post = async (endpoint, body) => {
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      body,
      keepalive: true,
      credentials: 'omit',
      headers: { 'content-type': 'text/plain' },
    });
    let rejected = 0;
    try {
      if (res.status === 202) rejected = (await res.json() as { rejected: number }).rejected | 0;
    } catch {
      // A 202 without the usual JSON is still a 202.
    }
    return [res.status, res.headers.get('retry-after'), rejected];
  } catch {
    return [0];
  }
};

/** sendBeacon: queued by the browser even as the page goes away, but tells nothing back. */
export function beacon(endpoint: string, body: string): boolean {
  try {
    return navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }));
  } catch {
    return false;
  }
}
