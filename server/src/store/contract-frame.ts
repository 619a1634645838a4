// The Store contract for the frame dimension (issue 20): rollups keep where the
// widget ran (the tool frame or a top-level page), filter and group by it, through
// minute, hour and day rows alike. Run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { planRanges, toLevels } from '../core/levels';
import { batchRowOf, type Envelope } from '../core/rollup';
import { serverBatchRowOf } from '../core/server-rollup';
import type { RollupFilter, Store } from '../ports';

/** 2026-11-20T00:00Z: a day boundary, apart from the other contracts' days. */
const DAY0 = Date.UTC(2026, 10, 20);
const MIN = 60_000;
const env: Envelope = {
  siteId: 'site_f',
  session: 'f1',
  route: '/quiz',
  platform: 'canvas',
  frame: 'framed',
  device: 'desktop',
  country: '',
};
const lcp = (id: string, value: number, t: number): Event => ({ kind: 'vital', id, t, name: 'LCP', value });
const pageview = (id: string, t: number): Event => ({ kind: 'pageview', id, t });

const sort = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
/** A read's rows as `group/subgroup: count`, sorted: what the assertions compare. */
const counts = (rows: { group?: string; subgroup?: string; count: number }[]) =>
  rows.map((r) => `${r.group ?? ''}/${r.subgroup ?? ''}: ${r.count}`).sort();

/** Three hours of the same day: the tool frame on Canvas and Moodle, and Canvas pages carrying the widget. */
async function sendDay(store: Store) {
  const sent: [Envelope, number][] = [
    [env, 1000],
    [env, 1200],
    [{ ...env, platform: 'moodle', session: 'f2' }, 3000],
    [{ ...env, frame: 'top', route: '/courses/:id', session: 'f3' }, 2000],
    [{ ...env, frame: 'top', route: '/courses/:id', session: 'f3' }, 2400],
  ];
  for (const [i, [e, value]] of sent.entries()) {
    const t = DAY0 + (60 + i * 37) * MIN;
    await store.commit(
      batchRowOf(e, [lcp(`fr${i}-lcp-x`, value, t), pageview(`fr${i}-pv-xx`, t)], t),
      `rf${i}`,
    );
  }
  // A server batch: no frame.
  const t = DAY0 + 90 * MIN;
  await store.commit(
    serverBatchRowOf(
      { siteId: env.siteId, service: 'tool' },
      [{ kind: 'log', id: 'fr-log-xx', t, level: 'info', message: 'x' }],
      t,
    ),
    'rf-srv',
  );
}

export function frameContract(getStore: () => Store) {
  it('keeps the frame in rollups, filters and groups by it, and keeps it through hour and day rows', async () => {
    const store = getStore();
    await sendDay(store);
    const fromMinute = DAY0 / MIN;
    const day: RollupFilter = {
      siteId: env.siteId,
      fromMinute,
      toMinute: fromMinute + 1439,
      metrics: ['LCP'],
    };
    const reads: Omit<RollupFilter, 'siteId' | 'fromMinute' | 'toMinute' | 'metrics'>[] = [
      { groupBy: 'frame' },
      { groupBy: 'platform', thenBy: 'frame' },
      { where: { frame: 'framed' }, groupBy: 'platform' },
      { where: { frame: 'top', platform: 'canvas' }, groupBy: 'route' },
      { where: { frame: ['framed', 'top'] }, groupBy: 'frame' },
      { where: { frame: 'framed' }, groupBy: 'device' },
    ];
    const expected = [
      ['framed/: 3', 'top/: 2'],
      ['canvas/framed: 2', 'canvas/top: 2', 'moodle/framed: 1'],
      ['canvas/: 2', 'moodle/: 1'],
      ['/courses/:id/: 2'],
      ['framed/: 3', 'top/: 2'],
      ['desktop/: 3'],
    ];
    const fromMinutes = await Promise.all(reads.map((r) => store.rollupTotals({ ...day, ...r })));
    expect(fromMinutes.map(counts)).toEqual(expected);
    // Server events have frame '' (and are no LCP): the page views split the same way.
    expect(
      counts(await store.rollupTotals({ ...day, metrics: ['pageviews', 'log.info'], groupBy: 'frame' })),
    ).toEqual(['/: 1', 'framed/: 3', 'top/: 2']);
    const binsBefore = await Promise.all(reads.map((r) => store.rollupBins({ ...day, ...r })));

    // Hours, then the day (with its projections): the same answers from the day rows.
    await store.compactRollups(1, 60, fromMinute, fromMinute + 1440);
    await store.compactRollups(60, 1440, fromMinute, fromMinute + 1440);
    const ranges = planRanges(day.fromMinute, day.toMinute, toLevels(await store.rollupLevels()));
    expect(ranges).toEqual([{ res: 1440, from: fromMinute, to: fromMinute + 1439 }]);
    for (const [i, r] of reads.entries()) {
      expect(counts(await store.rollupTotals({ ...day, ...r, ranges }))).toEqual(expected[i]);
      expect(sort(await store.rollupBins({ ...day, ...r, ranges }))).toEqual(sort(binsBefore[i]));
    }
    // And from hour rows.
    const hours = [{ res: 60 as const, from: fromMinute, to: fromMinute + 1439 }];
    for (const [i, r] of reads.entries())
      expect(counts(await store.rollupTotals({ ...day, ...r, ranges: hours }))).toEqual(expected[i]);
  });

  it('keeps the frame with the raw batch, which a derive after a crash reads', async () => {
    const store = getStore();
    const t = DAY0 + 30 * MIN;
    await store.commit(
      batchRowOf({ ...env, user: 'uf1', frame: 'top' }, [lcp('fx-lcp-xx', 900, t)], t),
      'rf-raw',
    );
    const [batch] = (await store.userData('uf1')).batches;
    expect(batch).toMatchObject({ platform: 'canvas', frame: 'top' });
  });
}
