// The Store contract for compaction, retention, the dimension registry, error
// groups and sessions: run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { hllEstimate } from '../core/hll';
import { planRanges, toLevels } from '../core/levels';
import { batchRowOf, type Envelope } from '../core/rollup';
import type { RollupFilter, Store } from '../ports';

const H = 3_600_000;
/** 2026-11-26T00:00Z: a day boundary. */
const DAY0 = Date.UTC(2026, 10, 26);
const env: Envelope = {
  siteId: 'site_a',
  session: 's1',
  route: '/a',
  platform: 'canvas',
  frame: 'framed',
  device: 'desktop',
  country: 'NZ',
  user: 'u1',
};
const lcp = (id: string, value: number, t: number): Event => ({ kind: 'vital', id, t, name: 'LCP', value });
const error = (id: string, message: string, t: number): Event => ({
  kind: 'error',
  id,
  t,
  type: 'error',
  message,
  stack: `Error: ${message}\n    at load (https://tool.example/app.js:1:2)`,
});

/** Commits events as ingest would at their own time. */
async function send(
  store: Store,
  envelope: Envelope,
  events: Event[],
  receipt: string,
  now = Math.max(...events.map((e) => e.t)),
) {
  const batch = batchRowOf(envelope, events, now);
  return store.commit(batch, receipt);
}

const sort = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export function levelsContract(getStore: () => Store) {
  it('compacts minute rows into hour and day rows that equal their merge, and reads through the levels', async () => {
    const store = getStore();
    // Two days of LCP on two routes and two devices, every 37 minutes.
    for (let t = DAY0, i = 0; t < DAY0 + 48 * H; t += 37 * 60_000, i++) {
      const e = {
        ...env,
        route: i % 2 ? '/a' : '/b',
        device: i % 3 ? 'desktop' : 'mobile',
        platform: i % 4 ? 'canvas' : 'moodle',
      };
      const events = [lcp(`c${i}-lcp-x`, 100 + ((i * 97) % 5000), t)];
      if (i % 5 === 0) events.push(error(`c${i}-err-x`, i % 10 ? 'Item 1 not found' : 'Timeout', t));
      await send(store, e, events, `r${i}`);
    }
    const fromMinute = DAY0 / 60_000;
    const toMinute = fromMinute + 2 * 1440 - 1;
    const minuteRows = { siteId: env.siteId, fromMinute, toMinute, metrics: ['LCP'] };
    const before = {
      totals: await store.rollupTotals({ ...minuteRows, groupBy: 'route' }),
      bins: await store.rollupBins({ ...minuteRows, groupBy: 'device' }),
    };

    await store.compactRollups(1, 60, fromMinute, fromMinute + 2 * 1440);
    await store.compactRollups(60, 1440, fromMinute, fromMinute + 1440);
    await store.compactRollups(60, 1440, fromMinute, fromMinute + 1440); // twice: no change
    const levels = toLevels(await store.rollupLevels());
    expect(levels.completeTo).toEqual({ 1: 0, 60: fromMinute + 2 * 1440, 1440: fromMinute + 1440 });
    expect(levels.earliest).toEqual({ 1: fromMinute, 60: fromMinute, 1440: fromMinute });

    // Day 1 from its day row, day 2 from hour rows: the same answers as from minutes.
    const ranges = planRanges(fromMinute, toMinute, levels);
    expect(ranges).toEqual([
      { res: 1440, from: fromMinute, to: fromMinute + 1439 },
      { res: 60, from: fromMinute + 1440, to: toMinute },
    ]);
    const planned: RollupFilter = { ...minuteRows, ranges };
    expect(sort(await store.rollupTotals({ ...planned, groupBy: 'route' }))).toEqual(sort(before.totals));
    expect(sort(await store.rollupBins({ ...planned, groupBy: 'device' }))).toEqual(sort(before.bins));
    // Reads answered by the day projections (by route and LMS; by error group and route) and by full rows agree.
    for (const read of [
      { metrics: ['LCP'], groupBy: 'route', where: { platform: 'moodle' } },
      { metrics: ['LCP'], groupBy: 'platform' },
      { metrics: ['errors'], groupBy: 'dim' },
      { metrics: ['errors'], groupBy: 'route', thenBy: 'dim' },
      { metrics: ['errors', 'LCP'], groupBy: 'device' },
    ] as Omit<RollupFilter, 'siteId' | 'fromMinute' | 'toMinute'>[]) {
      const f: RollupFilter = { ...minuteRows, ...read };
      expect(sort(await store.rollupTotals({ ...f, ranges }))).toEqual(sort(await store.rollupTotals(f)));
      expect(sort(await store.rollupBins({ ...f, ranges }))).toEqual(sort(await store.rollupBins(f)));
    }
    // A hour row equals the merge of its minutes, with every dimension.
    const hour: RollupFilter = {
      siteId: env.siteId,
      fromMinute: fromMinute + 300,
      toMinute: fromMinute + 359,
      metrics: ['LCP'],
      groupBy: 'route',
      thenBy: 'device',
    };
    expect(
      sort(
        await store.rollupTotals({
          ...hour,
          ranges: [{ res: 60, from: hour.fromMinute, to: hour.fromMinute }],
        }),
      ),
    ).toEqual(sort(await store.rollupTotals(hour)));
    const byRouteAndDevice = { ...hour, where: { route: '/a', device: 'mobile' } };
    expect(
      await store.rollupBins({
        ...byRouteAndDevice,
        ranges: [{ res: 60, from: hour.fromMinute, to: hour.fromMinute }],
      }),
    ).toEqual(await store.rollupBins(byRouteAndDevice));
    // Time series: per-hour totals from hour rows equal those from minute rows.
    const series = { ...minuteRows, fromMinute: fromMinute + 1440, step: 60 };
    expect(
      sort(
        await store.rollupTotals({ ...series, ranges: planRanges(series.fromMinute, toMinute, levels, 60) }),
      ),
    ).toEqual(sort(await store.rollupTotals(series)));
  });

  it('prunes each level only once it is compacted, and raw events, sessions and groups by age', async () => {
    const store = getStore();
    await send(store, env, [lcp('p1-lcp-xx', 1000, DAY0), error('p1-err-xx', 'boom', DAY0)], 'r1');
    await send(store, { ...env, session: 's2' }, [lcp('p2-lcp-xx', 2000, DAY0 + 30 * H)], 'r2');
    const day0 = DAY0 / 60_000;
    await store.compactRollups(1, 60, day0, day0 + 1440);
    const pruned = await store.prune({
      eventsBefore: DAY0 + H,
      rollupsBefore: { 1: day0 + 1440 },
      sessionsBefore: DAY0 + H,
    });
    expect(pruned).toEqual({ events: 2, rollups: 2, sessions: 1, errorGroups: 1 });
    expect(await store.countEvents(env.siteId)).toBe(1);
    expect(toLevels(await store.rollupLevels()).prunedTo[1]).toBe(day0 + 1440);
    // The hour row still answers for the pruned minutes; the later minute row is untouched.
    const f = { siteId: env.siteId, fromMinute: day0, toMinute: day0 + 2 * 1440, metrics: ['LCP'] };
    expect(
      (await store.rollupTotals({ ...f, ranges: [{ res: 60, from: day0, to: day0 + 1439 }] }))[0].count,
    ).toBe(1);
    expect((await store.rollupTotals(f))[0].count).toBe(1);
    expect(await store.errorGroups(env.siteId)).toEqual([]);
    expect((await store.sessionStats(env.siteId, 0, DAY0 + 48 * H)).sessions).toBe(1);
  });

  it('registers capped dimension values per site and kind', async () => {
    const store = getStore();
    expect(await store.dimensionValues(env.siteId, 'route')).toEqual([]);
    await store.addDimensionValues(env.siteId, 'route', ['/a', '/b'], DAY0);
    await store.addDimensionValues(env.siteId, 'route', ['/b', '/c'], DAY0);
    await store.addDimensionValues(env.siteId, 'template', ['SELECT ?'], DAY0);
    expect((await store.dimensionValues(env.siteId, 'route')).sort()).toEqual(['/a', '/b', '/c']);
    expect(await store.dimensionValues(env.siteId, 'template')).toEqual(['SELECT ?']);
    expect(await store.dimensionValues('site_b', 'route')).toEqual([]);
  });

  it('keeps error groups: counts once, first and last seen, routes, a sample stack, affected sessions', async () => {
    const store = getStore();
    const a = [
      error('g1-err-xx', 'Item 42 not found', DAY0),
      error('g2-err-xx', 'Item 7 not found', DAY0 + H),
    ];
    expect(await send(store, env, a, 'r1')).toBe(2);
    expect(await send(store, env, a, 'r2')).toBe(0); // a retry adds nothing
    await send(
      store,
      { ...env, session: 's2', route: '/b' },
      [error('g3-err-xx', 'Item 9 not found', DAY0 + 2 * H)],
      'r3',
    );
    await send(
      store,
      { ...env, session: 's3', route: '/a' },
      [{ ...error('g4-err-xx', 'other', DAY0 + 3 * H) }],
      'r4',
    );
    const groups = await store.errorGroups(env.siteId);
    expect(groups.map((g) => [g.title, g.count])).toEqual([
      ['other', 1],
      ['Item <n> not found', 3],
    ]);
    const [, item] = groups;
    expect(item).toMatchObject({
      type: 'error',
      frame: 'load (/app.js)',
      firstSeen: DAY0,
      lastSeen: DAY0 + 2 * H,
      routes: ['/a', '/b'],
    });
    expect(item.message).toMatch(/^Item \d+ not found$/);
    expect(item.stack).toContain('at load');
    expect(hllEstimate(item.sessions.registers, item.sessions.sum)).toBe(2);
    expect(await store.errorGroups(env.siteId, [item.fingerprint])).toEqual([item]);
    expect(await store.errorGroups(env.siteId, ['nope'])).toEqual([]);
  });

  it('caps the routes an error group lists', async () => {
    const store = getStore();
    for (let i = 0; i < 25; i++)
      await send(
        store,
        { ...env, route: `/r${String(i).padStart(2, '0')}` },
        [error(`cap-${i}-err`, 'boom', DAY0 + i)],
        `r${i}`,
      );
    const [group] = await store.errorGroups(env.siteId);
    expect(group.count).toBe(25);
    expect(group.routes).toEqual(Array.from({ length: 20 }, (_, i) => `/r${String(i).padStart(2, '0')}`));
  });

  it('keeps sessions: span, page views, users, returning users and features, counted once', async () => {
    const store = getStore();
    const pv = (id: string, t: number): Event => ({ kind: 'pageview', id, t });
    const use = (id: string, name: string, t: number): Event => ({ kind: 'custom', id, t, name });
    await send(store, env, [pv('s1-pv-1xx', DAY0), use('s1-chat-1', 'chat', DAY0 + 60_000)], 'r1');
    await send(store, env, [pv('s1-pv-1xx', DAY0), use('s1-chat-1', 'chat', DAY0 + 60_000)], 'r1-retry');
    await send(store, env, [pv('s1-pv-2xx', DAY0 + 10 * 60_000)], 'r2');
    await send(
      store,
      { ...env, session: 's2', user: 'u2' },
      [pv('s2-pv-1xx', DAY0 + 8 * 86_400_000), use('s2-faq-1x', 'faq', DAY0 + 8 * 86_400_000)],
      'r3',
    );
    await send(store, { ...env, session: 's3', user: 'u1' }, [pv('s3-pv-1xx', DAY0 + 9 * 86_400_000)], 'r4');
    await send(
      store,
      { ...env, session: 's4', user: undefined },
      [pv('s4-pv-1xx', DAY0 + 9 * 86_400_000)],
      'r5',
    );
    expect(await store.sessionStats(env.siteId, DAY0, DAY0 + H)).toEqual({
      sessions: 1,
      users: 1,
      identified: 1,
      duration: 10 * 60_000,
      pageviews: 2,
    });
    expect(await store.sessionStats(env.siteId, DAY0, DAY0 + 10 * 86_400_000)).toEqual({
      sessions: 4,
      users: 2,
      identified: 3,
      duration: 10 * 60_000,
      pageviews: 5,
    });
    const week1: [number, number] = [DAY0, DAY0 + 7 * 86_400_000 - 1];
    const week2: [number, number] = [DAY0 + 7 * 86_400_000, DAY0 + 14 * 86_400_000 - 1];
    expect(await store.returningUsers(env.siteId, week1, week2)).toEqual({ before: 1, returned: 1 });
    expect(
      await store.returningUsers(env.siteId, week2, [DAY0 + 14 * 86_400_000, DAY0 + 21 * 86_400_000]),
    ).toEqual({ before: 2, returned: 0 });
    expect(await store.featureUsers(env.siteId, DAY0, DAY0 + 10 * 86_400_000)).toEqual([
      { name: 'chat', users: 1, uses: 1 },
      { name: 'faq', users: 1, uses: 1 },
    ]);
    // Per day, by when each session started; one that ran into the range counts in its first step.
    const D = 86_400_000;
    expect(await store.sessionTrend(env.siteId, DAY0, DAY0 + 10 * D, DAY0, D)).toEqual([
      { t: DAY0, sessions: 1, users: 1 },
      { t: DAY0 + 8 * D, sessions: 1, users: 1 },
      { t: DAY0 + 9 * D, sessions: 2, users: 1 },
    ]);
    expect(await store.sessionTrend(env.siteId, DAY0 + 5 * 60_000, DAY0 + H, DAY0, H)).toEqual([
      { t: DAY0, sessions: 1, users: 1 },
    ]);
  });
}
