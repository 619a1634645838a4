import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('rate limiter', () => {
  it('allows a burst, then asks to wait as long as refilling takes', () => {
    const limit = createRateLimiter(10, 2); // 10 events/s, bursts of 20
    expect(limit.take('a', 20, 0)).toBe(0);
    expect(limit.take('a', 5, 0)).toBe(500);
    expect(limit.take('b', 5, 0)).toBe(0); // buckets are per site
    expect(limit.take('a', 5, 500)).toBe(0);
    expect(limit.take('a', 1, 500)).toBe(100);
  });

  it('lets a batch larger than the bucket through when the bucket is full', () => {
    const limit = createRateLimiter(1, 5);
    expect(limit.take('a', 50, 0)).toBe(0);
    expect(limit.take('a', 50, 1000)).toBe(4000);
  });
});
