// The two ways a body leaves the page, both as text/plain (a CORS-safelisted type, so
// no preflight is needed), deflated where the browser has CompressionStream: a typical
// page view's JSON shrinks to about half. Beacons carry no custom header, so the
// encoding is named in the URL (`?enc=deflate`); the server decodes it and holds the
// decoded body to its size limit.
import { attempt } from '../lib/safe';

/** What a send told us: the status (0 for a network error), its Retry-After, and how many events a 202 refused. */
export type Outcome = [status: number, retryAfter?: string | null, rejected?: number];

export type Post = (endpoint: string, body: string) => Promise<Outcome>;

const plain = (body: BlobPart) => new Blob([body], { type: 'text/plain' });

/** The URL and body to send: deflated where the browser can, as it is otherwise (or if that fails). */
export async function encode(endpoint: string, body: string): Promise<[url: string, body: Blob]> {
  try {
    const deflated = await new Response(
      plain(body).stream().pipeThrough(new CompressionStream('deflate')),
    ).arrayBuffer();
    return [`${endpoint}${endpoint.includes('?') ? '&' : '?'}enc=deflate`, plain(deflated)];
  } catch {
    return [endpoint, plain(body)];
  }
}

/**
 * fetch with keepalive, so a send in flight survives the page; resolves, never rejects.
 * Bodies stay under 60,000 bytes, inside the 64 KiB keepalive quota.
 */
export const post: Post = async (endpoint, body) => {
  try {
    const [url, data] = await encode(endpoint, body);
    const res = await fetch(url, { method: 'POST', body: data, keepalive: true, credentials: 'omit' });
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

// Beacons waiting for their compression, which takes a few turns of the event loop that
// a page being unloaded (pagehide) may not get: from then on they go as they are, at once.
let waiting: Map<string, string> | undefined;
let leaving = false;

const sendNow = (url: string, data: Blob) => !!attempt(() => navigator.sendBeacon(url, data));

/** sendBeacon: queued by the browser even as the page goes away, but tells nothing back. */
export function beacon(endpoint: string, body: string): boolean {
  if (!waiting) {
    waiting = new Map();
    // Capture phase: before the sender's own pagehide flush (see onHidden).
    addEventListener(
      'pagehide',
      () => {
        leaving = true;
        waiting!.forEach((e, b) => sendNow(e, plain(b)));
        waiting!.clear();
      },
      true,
    );
  }
  if (leaving || typeof CompressionStream != 'function') return sendNow(endpoint, plain(body));
  waiting.set(body, endpoint);
  void encode(endpoint, body).then(([url, data]) => {
    if (waiting!.delete(body) && !sendNow(url, data)) void post(endpoint, body);
  });
  return true;
}
