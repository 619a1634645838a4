// The Store contract for health and synthetic checks: run inside
// describeStoreContract against every adapter (site `site_a` exists).
import { expect, it } from 'vitest';
import { CheckInputSchema, type Check } from '../../../shared/checks';
import type { Event } from '../../../shared/protocol';
import { recordsOf } from '../core/derive';
import { initialState, nextState } from '../core/synthetic/state';
import type { CheckRun, Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const MIN = 60_000;

const check = (id: string, extra: Record<string, unknown> = {}): Check => ({
  ...CheckInputSchema.parse({ name: `Check ${id}`, url: `https://tool.example/${id}`, ...extra }),
  id,
  site: 'site_a',
});

const run = (checkId: string, at: number, ok: boolean): CheckRun => ({
  checkId,
  at,
  ok,
  status: ok ? 200 : 503,
  latencyMs: 42,
  error: ok ? null : 'status 503',
});

/** Records runs as the job does: each with the state it leads to. */
async function record(store: Store, checkId: string, outcomes: [number, boolean][], keepAfter = 0) {
  for (const [at, ok] of outcomes) {
    const [state] = await store.checkStates([checkId]);
    const r = run(checkId, at, ok);
    await store.recordCheckRun(r, nextState(state ?? initialState(checkId, at), r), keepAfter);
  }
}

export function checksContract(getStore: () => Store) {
  it('queue: keeps what the consumer last saw, and every dead letter, newest first', async () => {
    const store = getStore();
    expect(await store.queueState()).toBeNull();
    expect(await store.deadLetters(5)).toEqual({ count: 0, latest: [] });
    await store.recordQueue({
      backlog: 12,
      oldestAt: NOW - 4_000,
      consumedAt: NOW,
      events: 100,
      rowsWritten: 40,
    });
    await store.recordQueue({
      backlog: 0,
      oldestAt: null,
      consumedAt: NOW + 1_000,
      events: 50,
      rowsWritten: 30,
    });
    // The backlog is the latest seen; events and rows written add up.
    expect(await store.queueState()).toEqual({
      backlog: 0,
      oldestAt: null,
      consumedAt: NOW + 1_000,
      events: 150,
      rowsWritten: 70,
    });
    const letter = (siteId: string, events: number) => ({
      receivedAt: NOW,
      siteId,
      events,
      attempts: 4,
      body: `{"n":${events}}`,
    });
    await store.addDeadLetters([letter('a', 1), letter('b', 2)]);
    await store.addDeadLetters([letter('c', 3)]);
    expect(await store.deadLetters(2)).toEqual({ count: 3, latest: [letter('c', 3), letter('b', 2)] });
  });

  it('health: writes and reads heartbeats, reports size and migrations', async () => {
    const store = getStore();
    expect(await store.lastBeat('health')).toBeNull();
    await store.beat('health', NOW);
    await store.beat('health', NOW + 1);
    await store.beat('scheduler', NOW - 5);
    expect(await store.lastBeat('health')).toBe(NOW + 1);
    expect(await store.lastBeat('scheduler')).toBe(NOW - 5);
    expect(await store.databaseBytes()).toBeGreaterThan(0);
    expect(await store.appliedMigrations()).toContain('0004_synthetic_checks.sql');
  });

  it('health: finds the event a site sent last, by arrival', async () => {
    const store = getStore();
    expect(await store.lastEvent('site_a')).toBeNull();
    const env = {
      siteId: 'site_a',
      session: 's1',
      route: '/a',
      platform: 'canvas',
      frame: 'framed',
      device: '',
      country: '',
    };
    const lcp = (id: string, t: number): Event => ({ kind: 'vital', id, t, name: 'LCP', value: 1000 });
    const a = recordsOf(env, [lcp('h0000001', NOW - 10 * MIN), lcp('h0000002', NOW - 2 * MIN)], NOW - MIN);
    await store.commit(a.batch, 'r1');
    const b = recordsOf(env, [lcp('h0000003', NOW - 30 * MIN)], NOW); // a late, older event
    await store.commit(b.batch, 'r2');
    expect(await store.lastEvent('site_a')).toEqual({ t: NOW - 30 * MIN, receivedAt: NOW });
    expect(await store.lastEvent('site_b')).toBeNull();
  });

  it('checks: stores, lists, replaces and deletes definitions', async () => {
    const store = getStore();
    await store.putCheck(check('home'), 'file', NOW);
    await store.putCheck(
      check('lti', { expectedBody: { path: '$.title', equals: 'Tool' }, expectedStatus: [200, 204] }),
      'api',
      NOW,
    );
    const lti = await store.getCheck('lti');
    expect(lti).toEqual({
      ...check('lti', { expectedBody: { path: '$.title', equals: 'Tool' }, expectedStatus: [200, 204] }),
      source: 'api',
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect((await store.listChecks()).map((c) => c.id)).toEqual(['home', 'lti']);
    expect((await store.listChecks('site_a')).map((c) => c.source)).toEqual(['file', 'api']);
    expect(await store.listChecks('site_b')).toEqual([]);
    expect(await store.getCheck('nope')).toBeNull();

    await store.putCheck(check('home'), 'file', NOW + MIN); // unchanged: keeps updatedAt
    expect((await store.getCheck('home'))!.updatedAt).toBe(NOW);
    await store.putCheck(check('home', { intervalSeconds: 300, enabled: false }), 'file', NOW + 2 * MIN);
    expect(await store.getCheck('home')).toMatchObject({
      intervalSeconds: 300,
      enabled: false,
      createdAt: NOW,
      updatedAt: NOW + 2 * MIN,
    });

    await record(store, 'lti', [[NOW, true]]);
    expect(await store.deleteCheck('lti')).toBe(true);
    expect(await store.deleteCheck('lti')).toBe(false);
    expect(await store.getCheck('lti')).toBeNull();
    expect(await store.checkStates(['lti'])).toEqual([]);
    expect(await store.checkRuns('lti', 10)).toEqual([]);
    // A run finishing after its check was deleted leaves nothing behind.
    await store.recordCheckRun(run('lti', NOW + MIN, true), initialState('lti', NOW), 0);
    expect(await store.checkRuns('lti', 10)).toEqual([]);
  });

  it('checks: claims a due check once per slot, on its interval grid', async () => {
    const store = getStore();
    await store.putCheck(check('a', { intervalSeconds: 60 }), 'api', NOW);
    await store.putCheck(check('off', { enabled: false }), 'api', NOW);
    expect(await store.claimDueChecks(NOW - 1)).toEqual([]);
    const [first, ...others] = await store.claimDueChecks(NOW + 3_000);
    expect(others).toEqual([]);
    expect(first.check.id).toBe('a');
    expect(first.state).toMatchObject({
      checkId: 'a',
      status: 'unknown',
      consecutiveFailures: 0,
      nextRunAt: NOW + MIN,
    });
    expect(await store.claimDueChecks(NOW + 5_000)).toEqual([]); // already claimed
    expect((await store.claimDueChecks(NOW + MIN + 4_000)).map((d) => d.state.nextRunAt)).toEqual([
      NOW + 2 * MIN,
    ]); // no drift
    // Fallen behind (the scheduler was down): the next slot starts from now.
    expect((await store.claimDueChecks(NOW + 10 * MIN)).map((d) => d.state.nextRunAt)).toEqual([
      NOW + 11 * MIN,
    ]);
    const [state] = await store.checkStates(['off']);
    expect(state.nextRunAt).toBe(NOW); // never claimed
  });

  it('checks: records runs with their state, for uptime and an alert evaluator', async () => {
    const store = getStore();
    await store.putCheck(check('a'), 'api', NOW);
    await store.putCheck(check('b'), 'api', NOW);
    const outcomes: [number, boolean][] = [
      [NOW, true],
      [NOW + MIN, false],
      [NOW + 2 * MIN, false],
      [NOW + 3 * MIN, false],
      [NOW + 4 * MIN, true],
    ];
    await record(store, 'a', outcomes);
    const [a] = await store.checkStates(['a']);
    expect(a).toEqual({
      checkId: 'a',
      status: 'down',
      consecutiveFailures: 0,
      consecutiveSuccesses: 1,
      since: NOW + 3 * MIN,
      nextRunAt: NOW,
      lastRun: { at: NOW + 4 * MIN, ok: true, status: 200, latencyMs: 42, error: null },
    });
    expect((await store.checkStates()).map((s) => [s.checkId, s.status])).toEqual([
      ['a', 'down'],
      ['b', 'unknown'],
    ]);
    expect((await store.checkRuns('a', 2)).map((r) => [r.at, r.ok, r.error])).toEqual([
      [NOW + 4 * MIN, true, null],
      [NOW + 3 * MIN, false, 'status 503'],
    ]);
    // The next page: runs started before the last one shown.
    expect((await store.checkRuns('a', 2, NOW + 3 * MIN)).map((r) => r.at)).toEqual([
      NOW + 2 * MIN,
      NOW + MIN,
    ]);
    expect(await store.checkCounts('a', NOW, NOW + 4 * MIN)).toEqual({ total: 5, ok: 2 });
    expect(await store.checkCounts('a', NOW + MIN, NOW + 3 * MIN)).toEqual({ total: 3, ok: 0 });
    expect(await store.checkCounts('b', NOW, NOW + 4 * MIN)).toEqual({ total: 0, ok: 0 });
    // Runs older than keepAfter go as new ones come.
    await record(store, 'a', [[NOW + 5 * MIN, true]], NOW + 2 * MIN);
    expect(await store.checkCounts('a', 0, NOW + 10 * MIN)).toEqual({ total: 4, ok: 2 });
    expect((await store.checkStates(['a']))[0]).toMatchObject({
      status: 'up',
      consecutiveSuccesses: 2,
      since: NOW + 5 * MIN,
    });
  });
}
