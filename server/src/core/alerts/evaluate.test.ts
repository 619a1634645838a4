// The evaluator on a real SQLite store, driven by a fake clock every 30 s.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../ports';
import { installDefaults } from './config';
import { runAlerting } from './job';
import { hook, openStore, page, queries, recorder, requests, rule, SITE, T0 } from '../../../test/alerts';

const S = 1000;
const M = 60 * S;

function engine(store: Store, notify = recorder(), backlog?: () => number) {
  const clock = { now: T0 };
  const tick = async (at: number) => {
    clock.now = at;
    return runAlerting({
      store,
      clock: () => clock.now,
      externalUrl: 'http://sightline.test',
      notify: notify.notify,
      random: () => 0.5,
      backlog,
    });
  };
  return { clock, tick, sent: notify.sent };
}

const errorRate = { name: 'Errors', condition: { type: 'error_rate' }, threshold: 0.05, window: '1m' };

describe('alert evaluator', () => {
  it('does not page for a breach shorter than `for`', async () => {
    const { store } = await openStore();
    await hook(store);
    await rule(store, { ...errorRate, id: 'errors', for: '2m' });
    const { tick, sent } = engine(store);
    await requests(store, T0, 100, 50);
    expect((await tick(T0)).pending).toBe(1);
    expect((await tick(T0 + 30 * S)).pending).toBe(1);
    await requests(store, T0 + M, 100, 0);
    expect(await tick(T0 + M)).toMatchObject({ pending: 0, firing: 0 });
    expect(await store.alertInstances()).toEqual([]);
    expect(sent).toEqual([]);
    const history = await store.alertHistory({ from: 0, to: T0 + M, limit: 10 });
    expect(history.map((h) => h.event)).toEqual(['pending']); // dropped silently: no resolved
  });

  it('fires after `for`, notifies after group_wait, and resolves', async () => {
    const { store } = await openStore();
    await hook(store);
    await rule(store, { ...errorRate, id: 'errors', for: '1m' });
    const { tick, sent } = engine(store);
    await requests(store, T0, 100, 50);
    await tick(T0);
    await tick(T0 + 30 * S);
    await requests(store, T0 + M, 100, 50);
    expect((await tick(T0 + M)).firing).toBe(1);
    expect(sent).toEqual([]); // group_wait
    await tick(T0 + 90 * S);
    expect(sent.map((s) => [s.kind, s.payload.status])).toEqual([['firing', 'firing']]);
    const [alert] = sent[0].payload.alerts;
    expect(alert).toMatchObject({
      ruleId: 'errors',
      value: 0.5,
      threshold: 0.05,
      siteId: SITE,
      startsAt: T0 + M,
      endsAt: null,
    });
    await requests(store, T0 + 2 * M, 100, 0);
    await tick(T0 + 2 * M);
    expect(sent.map((s) => [s.kind, s.payload.status])).toEqual([
      ['firing', 'firing'],
      ['resolved', 'resolved'],
    ]);
    expect(sent[1].payload.alerts[0]).toMatchObject({ id: alert.id, status: 'resolved', endsAt: T0 + 2 * M });
    const deliveries = await store.listNotifications({ limit: 10 });
    expect(deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    // Nothing more once resolved.
    await tick(T0 + 150 * S);
    expect(sent).toHaveLength(2);
  });

  it('holds a flapping alert with hysteresis and keep_firing_for', async () => {
    const { store } = await openStore();
    await hook(store, { groupWait: 0 });
    await rule(store, { ...errorRate, id: 'errors', clearThreshold: 0.02, keepFiringFor: '90s' });
    const { tick, sent } = engine(store);
    const rates = [10, 3, 0, 10, 0, 0, 0];
    const states: string[] = [];
    for (let m = 0; m < rates.length; m++) {
      await requests(store, T0 + m * M, 100, rates[m]);
      for (const half of [0, 30 * S]) {
        await tick(T0 + m * M + half);
        states.push((await store.alertInstances())[0]?.state ?? 'inactive');
      }
    }
    // 3 % stays above the 2 % clear line; the gaps are shorter than keep_firing_for until the last.
    expect(states).toEqual([
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'firing',
      'resolved',
      'resolved',
      'resolved',
    ]);
    expect(sent.map((s) => s.kind)).toEqual(['firing', 'resolved']);
    const events = (await store.alertHistory({ from: 0, to: T0 + 10 * M, limit: 20 }))
      .map((h) => h.event)
      .reverse();
    expect(events).toEqual(['firing', 'resolved']);
  });

  it('neither re-pages nor forgets across a restart', async () => {
    const { store, file } = await openStore();
    await hook(store, { groupWait: 0 });
    await rule(store, { ...errorRate, id: 'errors' });
    const first = engine(store);
    await requests(store, T0, 100, 50);
    await first.tick(T0);
    expect(first.sent.map((s) => s.kind)).toEqual(['firing']);
    const id = first.sent[0].payload.alerts[0].id;

    // A new process: a new store on the same file, a new evaluator.
    const { store: reopened } = await openStore(file);
    const second = engine(reopened);
    await second.tick(T0 + 30 * S);
    await second.tick(T0 + 50 * S);
    expect(second.sent).toEqual([]);
    expect((await reopened.alertInstances()).map((i) => [i.id, i.state])).toEqual([[id, 'firing']]);
    await requests(reopened, T0 + M, 100, 0);
    await second.tick(T0 + M);
    expect(second.sent.map((s) => [s.kind, s.payload.alerts[0].id])).toEqual([['resolved', id]]);
  });

  it('treats no data as its own state, never as OK', async () => {
    const { store } = await openStore();
    await hook(store, { groupWait: 0 });
    await rule(store, { ...errorRate, id: 'errors', minSamples: 10 });
    const { tick, sent } = engine(store);
    await tick(T0);
    expect((await store.alertInstances()).map((i) => i.state)).toEqual(['nodata']);
    await requests(store, T0 + M, 5, 5); // too few samples: still no data
    await tick(T0 + M);
    expect((await store.alertInstances()).map((i) => i.state)).toEqual(['nodata']);
    await requests(store, T0 + 2 * M, 100, 50);
    await tick(T0 + 2 * M);
    expect((await store.alertInstances()).map((i) => i.state)).toEqual(['firing']);
    // Traffic stops: the alert keeps firing (no false resolution), marked as without data.
    await tick(T0 + 3 * M);
    await tick(T0 + 4 * M);
    const [held] = await store.alertInstances();
    expect(held).toMatchObject({ state: 'firing', nodataSince: T0 + 3 * M });
    expect(sent.map((s) => s.kind)).toEqual(['firing']);
  });
});

describe('default rules on synthetic metrics', () => {
  it('the seed’s four rules fire on their conditions, each after its `for`', async () => {
    const { store } = await openStore();
    let backlog = 0;
    await installDefaults(store, () => T0);
    for (const id of ['slack', 'pagerduty', 'email']) await hook(store, { id, groupWait: 0 });
    const { tick } = engine(store, recorder(), () => backlog);
    const firingAt = new Map<string, number>();
    backlog = 1500;
    for (let t = T0; t <= T0 + 7 * M; t += 30 * S) {
      if (t % M === 0) {
        await requests(store, t, 100, 10, 2500); // 10 % errors, p95 2.5 s
        await queries(store, t, 50, t >= T0 + 3 * M ? 12 : 0); // 12 connection errors a minute from minute 3
      }
      await tick(t);
      for (const i of await store.alertInstances())
        if (i.state === 'firing' && !firingAt.has(i.ruleId)) firingAt.set(i.ruleId, t - T0);
    }
    expect(firingAt.get('high-error-rate')).toBe(5 * M);
    expect(firingAt.get('high-response-time')).toBe(5 * M);
    expect(firingAt.get('database-connection-errors')).toBe(3 * M); // for 0: > 10 in 2 min at once
    expect(firingAt.get('queue-backlog')).toBe(5 * M);
    expect(firingAt.get('availability-slo-page')).toBe(0); // burning 100×: pages at once
    expect(firingAt.has('lcp-poor')).toBe(false);
  });

  it('the RUM rules: poor p75 LCP per route (min 100 samples), JS errors per page view', async () => {
    const { store } = await openStore();
    await installDefaults(store, () => T0);
    await hook(store, { id: 'slack', groupWait: 0 });
    const { tick } = engine(store);
    // 12 page views a minute on /slow: 100 samples by minute 8, then `for 10m`.
    for (let m = 0; m <= 19; m++) {
      const t = T0 + m * M;
      for (let i = 0; i < 12; i++)
        await page(
          store,
          t,
          [
            { kind: 'vital', name: 'LCP', value: 5000 },
            ...(i < 3 ? [{ kind: 'error', type: 'error', message: 'boom' }] : []),
          ],
          '/slow',
        );
      await page(store, t, [{ kind: 'vital', name: 'LCP', value: 900 }], '/fast');
      await tick(t);
      await tick(t + 30 * S);
    }
    const firing = (await store.alertInstances())
      .filter((i) => i.state === 'firing')
      .map((i) => `${i.ruleId} ${i.labels.route ?? ''}`.trim());
    // The spike rule fires too: errors appeared where the previous 15 minutes had none.
    expect(firing.sort()).toEqual(['js-error-rate', 'js-error-spike', 'lcp-poor /slow']);
  });
});
