// The Durable Objects of the Workers runtime: what must be one thing across all
// isolates. `LiveHubObject` is the live hub that Node keeps in memory: the queue
// consumer and the cron publish to it, dashboards hold a Server-Sent Events stream
// from it (the same stream as Node's, routes/dashboard.ts). `RateLimitObject` is one
// per site: its token bucket sees every isolate's requests.
import { DurableObject } from 'cloudflare:workers';
import { createLiveHub, type LiveMessage } from '../core/live';
import { createRateLimiter, DEFAULT_RATE } from '../core/rate-limit';
import { sseStream } from '../routes/dashboard';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

export class LiveHubObject extends DurableObject {
  private hub = createLiveHub();

  /** A dashboard's stream (the Worker checked its token before forwarding the request). */
  override async fetch(): Promise<Response> {
    return new Response(sseStream(this.hub, Date.now), { headers: SSE_HEADERS });
  }

  publish(messages: LiveMessage[]): number {
    for (const m of messages) this.hub.publish(m);
    return this.hub.subscribers();
  }
}

/** The part of the Worker's env a bucket reads. */
interface RateConfig {
  SIGHTLINE_RATE_LIMIT?: string;
  SIGHTLINE_RATE_BURST?: string;
}

export class RateLimitObject extends DurableObject<RateConfig> {
  private limiter = createRateLimiter(
    Number(this.env.SIGHTLINE_RATE_LIMIT ?? DEFAULT_RATE) || DEFAULT_RATE,
    Number(this.env.SIGHTLINE_RATE_BURST ?? 10) || 10,
  );

  /** Takes `n` tokens of this site's bucket: 0 when allowed, else the ms to wait. */
  take(n: number, now: number): number {
    return this.limiter.take('site', n, now) as number;
  }
}
