// The Durable Objects of the Workers runtime: what must be one thing across all
// isolates. `LiveHubObject` is the live hub that Node keeps in memory: the queue
// consumer and the cron publish to it, dashboards hold a Server-Sent Events stream
// from it (the same stream as Node's, routes/dashboard.ts). `RateLimitObject` is one
// per site: its token bucket sees every isolate's requests.
import { DurableObject } from 'cloudflare:workers';
import { createLiveHub, type LiveMessage } from '../core/live';
import { rateLimiterFromEnv } from '../core/rate-limit';
import { SSE_HEADERS, sseStream } from '../routes/dashboard';

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
  // Read as Node reads it; the Worker calls this object only while the limit is on.
  private limiter = rateLimiterFromEnv(this.env);

  /** Takes `n` tokens of this site's bucket: 0 when allowed, else the ms to wait. */
  take(n: number, now: number): number {
    return (this.limiter?.take('site', n, now) as number | undefined) ?? 0;
  }
}
