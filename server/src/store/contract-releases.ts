// The Store contract for releases (migration 0016): a batch that names a release adds
// to its first/last seen and its day-level figures, once however often it is sent;
// retention removes them. Run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { binOf } from '../../../shared/sketch';
import { batchRowOf } from '../core/rollup';
import { serverBatchRowOf } from '../core/server-rollup';
import type { Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY_MS = 86_400_000;
const SITE = 'site_a';

let n = 0;
const page = (release: string | undefined, at: number, events: Omit<Event, 'id' | 't'>[]) =>
  batchRowOf(
    {
      siteId: SITE,
      session: `s-${release}-${at}`,
      route: '/quiz/:id',
      platform: 'canvas',
      frame: 'framed',
      device: 'desktop',
      country: '',
      release,
    },
    events.map((e) => ({ ...e, id: `e${++n}`, t: at }) as Event),
    at,
  );
const lcp = (value: number) => ({ kind: 'vital', name: 'LCP', value }) as Omit<Event, 'id' | 't'>;
const pageview = { kind: 'pageview' } as Omit<Event, 'id' | 't'>;
const request = (status: number, at: number) =>
  ({
    kind: 'request',
    id: `r${++n}`,
    t: at,
    method: 'POST',
    route: '/api/answer',
    status,
    duration: 120,
  }) as ServerEvent;

export function releasesContract(store: () => Store) {
  it('keeps each release first and last seen and its figures, counted once per batch', async () => {
    const s = store();
    const first = page('1.0', NOW - DAY_MS, [lcp(1_000), pageview]);
    await s.commit(first, 'r1');
    await s.commit(first, 'r1-retry'); // a retry adds nothing
    await s.commit(page('1.0', NOW, [lcp(1_000), lcp(1_200)]), 'r2');
    await s.commit(page('1.1', NOW + 60_000, [lcp(2_000)]), 'r3');
    await s.commit(page(undefined, NOW, [lcp(9_000)]), 'r4'); // no release: in no release's figures
    await s.commit(
      serverBatchRowOf(
        { siteId: SITE, service: 'tool', release: '1.1' },
        [request(200, NOW), request(502, NOW)],
        NOW + 120_000,
      ),
      'r5',
    );
    expect(await s.releases(SITE)).toEqual([
      { release: '1.0', firstSeen: NOW - DAY_MS, lastSeen: NOW, events: 4 },
      { release: '1.1', firstSeen: NOW + 60_000, lastSeen: NOW + 120_000, events: 3 },
    ]);
    const stats = await s.releaseStats(SITE, ['1.0', '1.1']);
    const sorted = [...stats].sort((a, b) =>
      `${a.release} ${a.metric} ${a.bin}`.localeCompare(`${b.release} ${b.metric} ${b.bin}`),
    );
    expect(sorted).toEqual(
      [
        { release: '1.0', metric: 'LCP', key: '/quiz/:id', bin: binOf(1_000), count: 2 }, // two days summed
        { release: '1.0', metric: 'LCP', key: '/quiz/:id', bin: binOf(1_200), count: 1 },
        { release: '1.0', metric: 'pageviews', key: '/quiz/:id', bin: 0, count: 1 },
        { release: '1.1', metric: 'LCP', key: '/quiz/:id', bin: binOf(2_000), count: 1 },
        { release: '1.1', metric: 'request.5xx', key: 'POST /api/answer', bin: 0, count: 1 },
        { release: '1.1', metric: 'request.duration', key: 'POST /api/answer', bin: binOf(120), count: 2 },
      ].sort((a, b) =>
        `${a.release} ${a.metric} ${a.bin}`.localeCompare(`${b.release} ${b.metric} ${b.bin}`),
      ),
    );
    expect(await s.releaseStats(SITE, ['1.1'])).toHaveLength(3);
    expect(await s.releaseStats('other_site', ['1.0'])).toEqual([]);
  });

  it('retention removes the figures of old days and the releases last seen before it', async () => {
    const s = store();
    await s.commit(page('old', NOW - 3 * DAY_MS, [lcp(500)]), 'p1');
    await s.commit(page('new', NOW - 3 * DAY_MS, [lcp(600)]), 'p2');
    await s.commit(page('new', NOW, [lcp(700)]), 'p3');
    expect(await s.pruneReleases(NOW - DAY_MS)).toBe(1);
    expect((await s.releases(SITE)).map((r) => r.release)).toEqual(['new']);
    expect(await s.releaseStats(SITE, ['old', 'new'])).toEqual([
      { release: 'new', metric: 'LCP', key: '/quiz/:id', bin: binOf(700), count: 1 },
    ]);
  });
}
