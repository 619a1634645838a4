import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  backoffMs,
  BREAK_AFTER,
  BREAK_MS,
  MAX_RETRY_AFTER_MS,
  retryable,
  retryAfterMs,
} from './retry';

const NOW = Date.parse('2026-03-02T10:00:00Z');

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('0', NOW)).toBe(0);
    expect(retryAfterMs('3', NOW)).toBe(3_000);
    expect(retryAfterMs(' 120 ', NOW)).toBe(120_000);
  });

  it('reads an HTTP-date, relative to now, and a past date as "now"', () => {
    expect(retryAfterMs('Mon, 02 Mar 2026 10:00:30 GMT', NOW)).toBe(30_000);
    expect(retryAfterMs('Monday, 02-Mar-26 10:01:00 GMT', NOW)).toBe(60_000); // obsolete RFC 850 form
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:00 GMT', NOW)).toBe(0);
  });

  it('caps a far-off value so a bad header cannot silence the widget for good', () => {
    expect(retryAfterMs('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores absent and garbage values', () => {
    for (const value of [
      undefined,
      null,
      '',
      'soon',
      '-5',
      '1.5',
      '3 s',
      '0x10',
      'Mon, 99 Foo 2026 GMT',
      '2026-03-02',
    ]) {
      expect(retryAfterMs(value, NOW), String(value)).toBeUndefined();
    }
  });
});

describe('backoffMs', () => {
  it('doubles from 1 s with jitter between half and all of each step', () => {
    expect([1, 2, 3, 4].map((f) => backoffMs(f, () => 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((f) => backoffMs(f, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    for (let i = 0; i < 50; i++) {
      const ms = backoffMs(3, Math.random);
      expect(ms).toBeGreaterThanOrEqual(2_000);
      expect(ms).toBeLessThanOrEqual(4_000);
    }
  });

  it(`waits the circuit breaker's 5 minutes from the ${BREAK_AFTER}th failure in a row on`, () => {
    expect(backoffMs(BREAK_AFTER - 1, () => 1)).toBeLessThan(BREAK_MS);
    expect(backoffMs(BREAK_AFTER, () => 0)).toBe(BREAK_MS);
    expect(backoffMs(BREAK_AFTER + 10, () => 1)).toBe(BREAK_MS);
  });
});

describe('afterFailure', () => {
  it('counts the failure and waits the longer of backoff and Retry-After', () => {
    expect(afterFailure({ f: 0, u: 0 }, null, NOW, () => 1)).toEqual({ f: 1, u: NOW + 1_000 });
    expect(afterFailure({ f: 0, u: 0 }, '7', NOW, () => 1)).toEqual({ f: 1, u: NOW + 7_000 });
    expect(afterFailure({ f: 3, u: 0 }, '1', NOW, () => 1)).toEqual({ f: 4, u: NOW + 8_000 });
    expect(afterFailure({ f: 0, u: 0 }, 'garbage', NOW, () => 0)).toEqual({ f: 1, u: NOW + 500 });
  });
});

describe('retryable', () => {
  it('retries network errors, 408, 425, 429 and 5xx, and nothing else', () => {
    expect([0, 408, 425, 429, 500, 502, 503, 504].every(retryable)).toBe(true);
    expect([200, 202, 204, 301, 400, 401, 403, 404, 413, 422].some(retryable)).toBe(false);
  });
});
