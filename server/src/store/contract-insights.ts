// The Store contract for Insights: slow templates' query plans kept once per site ×
// template (the newest), only by the receipt that stored their batch, and the
// browser's attribution read back from raw batches. Run inside describeStoreContract.
import { expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { batchRowOf } from '../core/rollup';
import { serverBatchRowOf } from '../core/server-rollup';
import type { Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const SITE = 'site_a';
const TEMPLATE = 'SELECT * FROM submissions WHERE course_id = ?';

const slowQuery = (id: string, t: number, plan?: string[]) =>
  ({
    kind: 'db',
    id,
    t,
    op: 'SELECT',
    template: TEMPLATE,
    duration: 1_800,
    ok: true,
    slow: true,
    ...(plan ? { plan } : {}),
  }) as ServerEvent;
const server = (events: ServerEvent[], at = NOW) =>
  serverBatchRowOf({ siteId: SITE, service: 'tool' }, events, at);

export function insightsContract(store: () => Store) {
  it('keeps the newest plan of a template, once, only from the receipt that stored its batch', async () => {
    const s = store();
    const first = server([slowQuery('q-000001', NOW - 60_000, ['SCAN submissions'])]);
    await s.commit(first, 'r1');
    await s.commit(first, 'r1-retry'); // a resent batch: not fresh, adds nothing
    expect(await s.queryPlans(SITE)).toEqual([
      { siteId: SITE, template: TEMPLATE, seenAt: NOW - 60_000, plan: ['SCAN submissions'] },
    ]);
    // An index added since: the next process ships a SEARCH, which replaces the SCAN…
    const search = ['SEARCH submissions USING INDEX idx_submissions_course_id (course_id=?)'];
    await s.commit(server([slowQuery('q-000002', NOW - 30_000, search)], NOW + 1), 'r2');
    // …and an older plan arriving late does not bring the SCAN back.
    await s.commit(server([slowQuery('q-000003', NOW - 90_000, ['SCAN submissions'])], NOW + 2), 'r3');
    // A slow query without a plan (its template explained already) changes nothing.
    await s.commit(server([slowQuery('q-000004', NOW - 10_000)], NOW + 3), 'r4');
    expect(await s.queryPlans(SITE, [TEMPLATE, 'SELECT 1'])).toEqual([
      { siteId: SITE, template: TEMPLATE, seenAt: NOW - 30_000, plan: search },
    ]);
    expect(await s.queryPlans(SITE, [])).toEqual([]);
    expect(await s.queryPlans('site_other')).toEqual([]);
  });

  it('reads LCP, INP and CLS attribution and long frames from raw browser batches in the range', async () => {
    const s = store();
    const env = {
      siteId: SITE,
      session: 's1',
      route: '/grades',
      platform: 'canvas',
      frame: 'framed',
      device: 'desktop',
      country: '',
    };
    const events = [
      {
        kind: 'vital',
        id: 'v-lcp-01',
        t: NOW - 5_000,
        name: 'LCP',
        value: 3_100,
        attribution: { url: 'https://tool.example/hero.jpg', resourceLoadDelay: 1_400 },
      },
      { kind: 'vital', id: 'v-fcp-01', t: NOW - 5_000, name: 'FCP', value: 900 },
      {
        kind: 'longtasks',
        id: 'lt-00001',
        t: NOW - 4_000,
        count: 3,
        totalBlockingTime: 420,
        worstFrame: { duration: 380, blockingDuration: 330, script: 'https://tool.example/app.js:onSave' },
      },
      { kind: 'vital', id: 'v-cls-01', t: NOW - 3_000_000, name: 'CLS', value: 0.3 },
    ] as Event[];
    await s.commit(batchRowOf(env, events, NOW), 'b1');
    const samples = await s.attributionSamples({ siteId: SITE, from: NOW - 60_000, to: NOW, limit: 10 });
    expect(samples.map((x) => [x.route, (JSON.parse(x.body) as Event).id])).toEqual([
      ['/grades', 'lt-00001'],
      ['/grades', 'v-lcp-01'],
    ]);
    expect(JSON.parse(samples[1].body)).toMatchObject({ attribution: { resourceLoadDelay: 1_400 } });
  });
}
