// Per-site token buckets: a site may send `rate` events per second on average
// and bursts of up to `rate × burstSeconds`. In memory, per process (per isolate
// on Workers): a guard against floods, not an exact quota.

export interface RateLimiter {
  /**
   * Takes `n` tokens for `key`; returns 0 when allowed, else the ms to wait before trying again.
   * In memory here; on Workers a Durable Object per site holds the bucket (a promise, then).
   */
  take(key: string, n: number, now: number): number | Promise<number>;
}

export function createRateLimiter(rate: number, burstSeconds = 10): RateLimiter {
  const capacity = Math.max(1, rate * burstSeconds);
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, n, now) {
      const b = buckets.get(key) ?? { tokens: capacity, at: now };
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * rate);
      b.at = now;
      buckets.set(key, b);
      // A batch larger than the whole bucket passes when the bucket is full.
      const need = Math.min(n, capacity);
      if (b.tokens >= need) {
        b.tokens -= need;
        return 0;
      }
      return Math.ceil(((need - b.tokens) / rate) * 1000);
    },
  };
}

export const DEFAULT_RATE = 5_000;

/**
 * The limiter a deployment asked for: `SIGHTLINE_RATE_LIMIT` events/s per site
 * (default 5,000; 0 turns it off) with bursts of `SIGHTLINE_RATE_BURST` seconds.
 */
export function rateLimiterFromEnv(env: {
  SIGHTLINE_RATE_LIMIT?: string;
  SIGHTLINE_RATE_BURST?: string;
}): RateLimiter | undefined {
  const rate = Number(env.SIGHTLINE_RATE_LIMIT ?? DEFAULT_RATE);
  const burst = Number(env.SIGHTLINE_RATE_BURST ?? 10);
  if (!(rate > 0)) return undefined;
  return createRateLimiter(rate, burst > 0 ? burst : 10);
}
