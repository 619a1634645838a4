import { describe, expect, it } from 'vitest';
import {
  DAY,
  DEFAULT_RETENTION,
  HOUR,
  planCompaction,
  planPrune,
  planRanges,
  retentionFromEnv,
  toLevels,
  type Levels,
} from './levels';

/** 2026-11-26T00:00Z in epoch minutes: a day boundary. */
const D = Date.UTC(2026, 10, 26) / 60_000;

function levels(
  completeHour: number,
  completeDay: number,
  pruned: Partial<Levels['prunedTo']> = {},
  earliest: Partial<Levels['earliest']> = {},
): Levels {
  return {
    completeTo: { 1: 0, 60: completeHour, 1440: completeDay },
    prunedTo: { 1: 0, 60: 0, 1440: 0, ...pruned },
    earliest: { 1: null, 60: null, 1440: null, ...earliest },
  };
}

describe('planRanges', () => {
  it('reads minute rows only while nothing is compacted', () => {
    expect(planRanges(D + 5, D + 3000, levels(0, 0))).toEqual([{ res: 1, from: D + 5, to: D + 3000 }]);
    expect(planRanges(D + 5, D + 4, levels(0, 0))).toEqual([]);
  });

  it('uses day rows for complete days inside the range, hour rows for complete hours, minutes for the rest', () => {
    // From 00:05 on day 0 to 13:29 on day 3; days complete up to day 2, hours up to 12:00 on day 3.
    const plan = planRanges(
      D + 5,
      D + 3 * DAY + 13 * HOUR + 29,
      levels(D + 3 * DAY + 12 * HOUR, D + 2 * DAY),
    );
    expect(plan).toEqual([
      { res: 1, from: D + 5, to: D + 59 },
      { res: 60, from: D + 60, to: D + DAY - 1 },
      { res: 1440, from: D + DAY, to: D + 2 * DAY - 1 },
      { res: 60, from: D + 2 * DAY, to: D + 3 * DAY + 12 * HOUR - 1 },
      { res: 1, from: D + 3 * DAY + 12 * HOUR, to: D + 3 * DAY + 13 * HOUR + 29 },
    ]);
  });

  it('covers every minute of the range exactly once', () => {
    const state = levels(D + 5 * DAY + 7 * HOUR, D + 4 * DAY);
    for (const [from, to] of [
      [D + 17, D + 6 * DAY],
      [D + 61, D + 119],
      [D, D + 4 * DAY - 1],
      [D + 4 * DAY + 30, D + 5 * DAY + 8 * HOUR],
    ]) {
      const minutes = planRanges(from, to, state).flatMap((r) =>
        Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i),
      );
      expect(minutes).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    }
  });

  it('caps the level at what a time series step allows', () => {
    const state = levels(D + 3 * DAY, D + 2 * DAY);
    expect(planRanges(D, D + 2 * DAY - 1, state, 60)).toEqual([{ res: 60, from: D, to: D + 2 * DAY - 1 }]);
    expect(planRanges(D, D + 119, state, 1)).toEqual([{ res: 1, from: D, to: D + 119 }]);
  });

  it('widens to whole hours (days) where minute (hour) rows were pruned', () => {
    const state = levels(D + 10 * DAY, D + 9 * DAY, { 1: D + 8 * DAY, 60: D + 2 * DAY });
    expect(planRanges(D + DAY + 5 * HOUR + 7, D + 9 * DAY + 30, state)).toEqual([
      { res: 1440, from: D + DAY, to: D + 9 * DAY - 1 },
      { res: 1, from: D + 9 * DAY, to: D + 9 * DAY + 30 },
    ]);
    expect(planRanges(D + 3 * DAY + 5, D + 3 * DAY + 70, state)).toEqual([
      { res: 60, from: D + 3 * DAY, to: D + 3 * DAY + 119 },
    ]);
  });
});

describe('planCompaction', () => {
  const now = D + 3 * DAY + 10 * HOUR + 30; // 10:30 on day 3

  it('compacts hours that ended at least LATE_MINUTES ago, from the oldest minute row on the first run', () => {
    expect(planCompaction(60, now, levels(0, 0, {}, { 1: D + 3 * DAY + 125 }))).toEqual({
      from: 1,
      res: 60,
      fromBucket: D + 3 * DAY + 120,
      toBucket: D + 3 * DAY + 9 * HOUR,
    });
    expect(planCompaction(60, now, levels(D + 3 * DAY + 9 * HOUR, 0))).toBeNull();
    expect(planCompaction(60, now + 30, levels(D + 3 * DAY + 9 * HOUR, 0))).toEqual({
      from: 1,
      res: 60,
      fromBucket: D + 3 * DAY + 9 * HOUR,
      toBucket: D + 3 * DAY + 10 * HOUR,
    });
  });

  it('works off a backlog in steps and records a start when there is no data', () => {
    expect(planCompaction(60, now, levels(0, 0, {}, { 1: D }), DAY)).toMatchObject({
      fromBucket: D,
      toBucket: D + DAY,
    });
    expect(planCompaction(60, now, levels(0, 0))).toMatchObject({
      fromBucket: D + 3 * DAY + 9 * HOUR,
      toBucket: D + 3 * DAY + 9 * HOUR,
    });
  });

  it('compacts days once all their hours are', () => {
    expect(planCompaction(1440, now, levels(0, 0))).toBeNull();
    expect(
      planCompaction(1440, now, levels(D + 3 * DAY + 9 * HOUR, 0, {}, { 60: D + 100 }), 7 * DAY),
    ).toEqual({ from: 60, res: 1440, fromBucket: D, toBucket: D + 3 * DAY });
    expect(planCompaction(1440, now, levels(D + 3 * DAY + 9 * HOUR, D + 3 * DAY))).toBeNull();
  });
});

describe('planPrune', () => {
  const now = (D + 100 * DAY + 10 * HOUR + 30) * 60_000;

  it('removes each level after its retention, only once it is compacted, in whole hours or days', () => {
    const plan = planPrune(now, levels(D + 100 * DAY + 9 * HOUR, D + 100 * DAY), DEFAULT_RETENTION);
    expect(plan).toEqual({
      eventsBefore: now - 7 * DAY * 60_000,
      rollupsBefore: { 1: D + 98 * DAY + 10 * HOUR, 60: D + 10 * DAY, 1440: D + 100 * DAY - 730 * DAY },
      sessionsBefore: now - 90 * DAY * 60_000,
      logsBefore: now - 7 * DAY * 60_000,
    });
    // Nothing compacted: nothing removed; already removed: not again.
    const dayLine = { 1440: D + 100 * DAY - 730 * DAY };
    expect(planPrune(now, levels(0, 0), DEFAULT_RETENTION).rollupsBefore).toEqual(dayLine);
    expect(
      planPrune(
        now,
        levels(D + 100 * DAY, D + 100 * DAY, { 1: D + 98 * DAY + 10 * HOUR, 1440: dayLine[1440] }),
        DEFAULT_RETENTION,
      ).rollupsBefore,
    ).toEqual({ 60: D + 10 * DAY });
  });

  it('reads retention days from the environment', () => {
    expect(retentionFromEnv({})).toEqual(DEFAULT_RETENTION);
    expect(
      retentionFromEnv({
        SIGHTLINE_RETENTION_RAW: '1',
        SIGHTLINE_RETENTION_DAY: '365',
        SIGHTLINE_RETENTION_HOUR: 'x',
        SIGHTLINE_RETENTION_LOGS: '3',
      }),
    ).toEqual({ raw: 1, minute: 2, hour: 90, day: 365, logs: 3 });
  });
});

describe('toLevels', () => {
  it('fills in what the store has not recorded yet', () => {
    expect(toLevels([{ res: 60, completeTo: 120, prunedTo: null, earliest: 60 }])).toEqual(
      levels(120, 0, {}, { 60: 60 }),
    );
  });
});
