import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { readMigrations } from '../store/migration-files';
import { openTestStore } from '../../test/app';
import type { Store } from '../ports';
import { DAY, HOUR, planRanges, toLevels } from './levels';
import { maintain, scheduleMaintenance } from './maintain';
import { batchRowOf } from './rollup';

const D0 = Date.UTC(2026, 10, 20);
const MIN = 60_000;

async function openStore(): Promise<Store> {
  const { store } = await openTestStore();
  await store.createSite({ id: 'site_a', key: 'k', name: 'A', origins: [] }, D0);
  return store;
}

/** One LCP every 20 minutes for `days` days, committed as it happens. */
async function fill(store: Store, days: number) {
  for (let t = D0, i = 0; t < D0 + days * DAY * MIN; t += 20 * MIN, i++) {
    const event: Event = { kind: 'vital', id: `lcp-${i}-xxxx`, t, name: 'LCP', value: 500 + (i % 40) * 100 };
    const batch = batchRowOf(
      {
        siteId: 'site_a',
        session: `s${i}`,
        route: '/a',
        platform: 'canvas',
        frame: 'framed',
        device: '',
        country: '',
      },
      [event],
      t,
    );
    await store.commit(batch, `r${i}`);
  }
}

describe('maintain', () => {
  it('compacts complete hours and days, keeping every answer, then prunes by retention', async () => {
    const store = await openStore();
    await fill(store, 4);
    const all = {
      siteId: 'site_a',
      fromMinute: D0 / MIN,
      toMinute: D0 / MIN + 4 * DAY - 1,
      metrics: ['LCP'],
    };
    const [minuteTotals] = await store.rollupTotals(all);
    expect(minuteTotals.count).toBe(4 * 72);

    // 00:30 on day 4: hours up to 23:00 on day 3 (an hour of lateness), whole days up to day 3.
    let now = D0 + 4 * DAY * MIN + 30 * MIN;
    const report = await maintain(store, now, { maxSpan: 7 * DAY });
    expect(report.compacted.map((c) => [c.res, c.fromBucket - D0 / MIN, c.toBucket - D0 / MIN])).toEqual([
      [60, 0, 3 * DAY + 23 * HOUR],
      [1440, 0, 3 * DAY],
    ]);
    const levels = toLevels(await store.rollupLevels());
    const ranges = planRanges(all.fromMinute, all.toMinute, levels);
    expect(ranges.map((r) => r.res)).toEqual([1440, 60, 1]);
    expect((await store.rollupTotals({ ...all, ranges }))[0]).toEqual(minuteTotals);
    expect(await maintain(store, now)).toMatchObject({ compacted: [] });

    // Day 10: minute rows older than 2 days and raw events older than 7 days are gone; hours answer instead.
    now = D0 + 10 * DAY * MIN;
    for (let i = 0; i < 10 && (await maintain(store, now)).compacted.length; i++);
    const after = toLevels(await store.rollupLevels());
    expect(after.prunedTo[1]).toBe(D0 / MIN + 8 * DAY);
    expect(await store.countEvents('site_a')).toBe(72); // day 3's: 7 days old at most
    expect(await store.rollupTotals(all)).toEqual([]); // no minute rows left
    expect(
      (await store.rollupTotals({ ...all, ranges: planRanges(all.fromMinute, all.toMinute, after) }))[0],
    ).toEqual(minuteTotals);
  });

  it('runs on a timer without overlapping, and reports failures instead of throwing', async () => {
    vi.useFakeTimers();
    try {
      const store = await openStore();
      const failing = { ...store, rollupLevels: () => Promise.reject(new Error('disk gone')) };
      const errors: unknown[] = [];
      const scheduled = scheduleMaintenance(failing, () => D0, { onError: (e) => errors.push(e) });
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      expect(errors).toHaveLength(3);
      scheduled.stop();
      await vi.advanceTimersByTimeAsync(3 * 60_000);
      expect(errors).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
