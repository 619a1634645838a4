// The Durable Objects of the Workers runtime: what must be one thing across all
// isolates. `LiveHubObject` is the live hub that Node keeps in memory: the queue
// consumer and the cron publish to it, dashboards hold a Server-Sent Events stream
// from it (the same stream as Node's, routes/dashboard.ts). `RateLimitObject` is one
// per site: its token bucket sees every isolate's requests.
import { DurableObject } from 'cloudflare:workers';
import { createLiveHub, type LiveMessage } from '../core/live';
import { rateLimiterFromEnv } from '../core/rate-limit';
import { HttpError, problemBody } from '../core/errors';
import { SSE_HEADERS, sseStream, streamSlots } from '../routes/dashboard';
import { jsonAnswer } from '../routes/ingest-cors';

/** The header the Worker names the stream's token in, once it has checked it (never the client's own). */
export const STREAM_TOKEN_HEADER = 'x-sightline-token-id';

export class LiveHubObject extends DurableObject {
  private hub = createLiveHub();
  // One hub for every isolate: the per-token cap is whole here, as Node's is in its process.
  private takeSlot = streamSlots();

  /** A dashboard's stream (the Worker checked its token and named it in STREAM_TOKEN_HEADER). */
  override async fetch(req: Request): Promise<Response> {
    let release: () => void;
    try {
      release = this.takeSlot(req.headers.get(STREAM_TOKEN_HEADER) ?? '');
    } catch (err) {
      if (err instanceof HttpError) return jsonAnswer(problemBody(err), err.status, err.headers);
      throw err;
    }
    return new Response(sseStream(this.hub, Date.now, release), { headers: SSE_HEADERS });
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
