// The Store contract for LTI launches: parts joined by key as batches bring them,
// folded into the rollups once. Run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { foldLaunches, LAUNCH_GRACE, LAUNCH_KEPT } from '../core/launches';
import { batchRowOf } from '../core/rollup';
import { serverBatchRowOf } from '../core/server-rollup';
import type { Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e';
const SITE = 'site_a';

const server = (events: Omit<ServerEvent, 'id'>[], at = NOW) =>
  serverBatchRowOf(
    { siteId: SITE, service: 'tool' },
    events.map((e, i) => ({ ...e, id: `srv-${at}-${i}` }) as ServerEvent),
    at,
  );
const page = (events: Omit<Event, 'id' | 't'>[], launch = KEY, at = NOW) =>
  batchRowOf(
    {
      siteId: SITE,
      session: `s-${launch}`,
      route: '/lti/launch',
      platform: 'canvas',
      frame: 'framed',
      device: 'desktop',
      country: '',
      launch,
    },
    events.map((e, i) => ({ ...e, id: `page-${at}-${i}`, t: at }) as Event),
    at,
  );
const vital = (name: string, value: number) => ({ kind: 'vital', name, value }) as Omit<Event, 'id' | 't'>;
const login = (key = KEY, t = NOW - 5_000) =>
  ({
    kind: 'lti',
    action: 'login',
    ok: true,
    platform: 'canvas.test',
    duration: 40,
    t,
    launch: key,
  }) as const;
const launch = (key = KEY, t = NOW - 4_000) =>
  ({
    kind: 'lti',
    action: 'launch',
    ok: true,
    platform: 'canvas.test',
    duration: 300,
    t,
    launch: key,
    placement: 'course_navigation',
    route: '/lti/launch',
  }) as const;

const totals = async (store: Store, metric: string) =>
  (
    await store.rollupTotals({
      siteId: SITE,
      metrics: [metric],
      fromMinute: NOW / 60_000 - 60,
      toMinute: NOW / 60_000 + 60,
    })
  ).map((r) => [r.count, r.sum]);

export function launchesContract(store: () => Store) {
  it('joins a launch from the SDK and its page, folds it into the rollups once, and drops late parts', async () => {
    const s = store();
    // The page's vitals come before the server's events arrive: order does not matter.
    await s.commit(page([vital('TTFB', 450), vital('FCP', 700)]), 'r1');
    await s.commit(server([login(), launch()]), 'r2');
    expect(await s.dueLaunches(NOW - LAUNCH_GRACE, 10)).toEqual([]); // no LCP yet
    await s.commit(page([vital('LCP', 1_450), vital('INP', 120), vital('LCP', 9_999)]), 'r3');
    const [due] = await s.dueLaunches(NOW - LAUNCH_GRACE, 10);
    expect(due).toEqual({
      siteId: SITE,
      key: KEY,
      firstSeen: NOW,
      loginAt: NOW - 5_000,
      loginMs: 40,
      launchAt: NOW - 4_000,
      launchMs: 300,
      ok: true,
      platform: 'canvas.test',
      placement: 'course_navigation',
      route: '/lti/launch',
      ttfb: 450,
      fcp: 700,
      lcp: 1_450, // the first LCP kept
      inp: 120,
    });
    expect(await foldLaunches(s, NOW)).toBe(1);
    // login 40 + platform 960 (5,000 − 4,000 − 40) + tool 300 + network 150 + render 1,000.
    expect(await totals(s, 'launch.total')).toEqual([[1, 2_450]]);
    expect(await totals(s, 'launch.platform')).toEqual([[1, 960]]);
    // Folded once: a second run, a retried batch and a late part add nothing.
    expect(await foldLaunches(s, NOW + 60_000)).toBe(0);
    await s.commit(server([login(), launch()]), 'r4');
    await s.commit(page([vital('INP', 4_000)], KEY, NOW + 1), 'r5');
    expect(await foldLaunches(s, NOW + 120_000)).toBe(0);
    expect(await totals(s, 'launch.total')).toEqual([[1, 2_450]]);
    expect(await totals(s, 'launch.inp')).toEqual([[1, 120]]);
  });

  it('folds a launch missing parts once the grace period is over, with the stages it has', async () => {
    const s = store();
    const other = 'ffeeddccbbaa99887766554433';
    await s.commit(server([login(other), launch(other)]), 'r1');
    expect(await foldLaunches(s, NOW + LAUNCH_GRACE - 1)).toBe(0);
    expect(await foldLaunches(s, NOW + LAUNCH_GRACE + 1)).toBe(1);
    expect(await totals(s, 'launch.tool')).toEqual([[1, 300]]);
    expect(await totals(s, 'launch.total')).toEqual([]); // no page: no whole
    // Forgotten two days after folding: a part after that starts a launch of its own.
    const later = NOW + LAUNCH_GRACE + 1 + LAUNCH_KEPT + 1;
    await foldLaunches(s, later);
    await s.commit(page([vital('FCP', 800)], other, later), 'r2');
    expect(await s.dueLaunches(later + 1, 10)).toMatchObject([
      { key: other, firstSeen: later, loginAt: null },
    ]);
  });
}
