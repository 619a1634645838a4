import { describe, expect, it } from 'vitest';
import {
  canSend,
  DELIVERY,
  initialDelivery,
  isOpen,
  onFailure,
  onSuccess,
  outcomeOf,
  parseRetryAfter,
  type DeliveryState,
} from './delivery';

const t0 = Date.UTC(2026, 10, 27);
const half = () => 0.5;

/** `n` failures in a row, each at the moment sending was allowed again. */
function failTimes(n: number, from: DeliveryState = initialDelivery, start = t0) {
  let state = from;
  let now = start;
  for (let i = 0; i < n; i++) {
    now = Math.max(now, state.notBefore);
    state = onFailure(state, now, undefined, half);
  }
  return { state, now };
}

describe('backoff and breaker', () => {
  it('backs off 1 s then 2 s (jittered between half and all of it) before the breaker opens', () => {
    const first = onFailure(initialDelivery, t0, undefined, () => 0);
    expect(first).toEqual({ failures: 1, openMs: 0, notBefore: t0 + 500 });
    const second = onFailure(first, t0 + 500, undefined, () => 0.999_999);
    expect(second.notBefore - (t0 + 500)).toBeCloseTo(2_000, -1);
    expect(isOpen(second, t0 + 600)).toBe(false);
  });

  it('opens for 30 s after three failures in a row, then doubles per failed trial up to 5 minutes', () => {
    const opened = failTimes(DELIVERY.failuresToOpen);
    expect(opened.state.openMs).toBe(30_000);
    expect(isOpen(opened.state, opened.now + 29_999)).toBe(true);
    expect(canSend(opened.state, opened.now + 29_999)).toBe(false);
    expect(canSend(opened.state, opened.now + 30_000)).toBe(true);
    const openings = [1, 2, 3, 4, 5, 6].map((n) => failTimes(n, opened.state, opened.now).state.openMs);
    expect(openings).toEqual([60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
  });

  it('closes on one success', () => {
    const opened = failTimes(5).state;
    expect(onSuccess()).toEqual(initialDelivery);
    expect(canSend(onSuccess(), 0)).toBe(true);
    expect(opened.openMs).toBeGreaterThan(0);
  });

  it("honours the server's Retry-After when it is longer, capped at 5 minutes", () => {
    expect(onFailure(initialDelivery, t0, 7_000, half).notBefore).toBe(t0 + 7_000);
    expect(onFailure(initialDelivery, t0, 3_600_000, half).notBefore).toBe(t0 + 300_000);
    const opened = failTimes(2).state;
    expect(onFailure(opened, t0, 45_000, half).notBefore).toBe(t0 + 45_000);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['delay-seconds', '3', 3_000],
    ['zero', '0', 0],
    ['an HTTP date', new Date(t0 + 12_000).toUTCString(), 12_000],
    ['a date in the past', new Date(t0 - 5_000).toUTCString(), 0],
    ['nothing', null, undefined],
    ['garbage', 'soon', undefined],
  ])('reads %s', (_, header, ms) => {
    expect(parseRetryAfter(header, t0)).toBe(ms);
  });
});

describe('outcomeOf', () => {
  it.each([
    [202, { kind: 'sent', rejected: 0 }],
    [408, { kind: 'retry', retryAfterMs: undefined }],
    [429, { kind: 'retry', retryAfterMs: undefined }],
    [503, { kind: 'retry', retryAfterMs: undefined }],
    [400, { kind: 'dropped', failure: false }],
    [413, { kind: 'dropped', failure: false }],
    [401, { kind: 'dropped', failure: true }],
    [403, { kind: 'dropped', failure: true }],
    [404, { kind: 'dropped', failure: true }],
  ])('%i → %o', (status, outcome) => {
    expect(outcomeOf(status)).toEqual(outcome);
  });
});
