// An LTI launch through the app: the SDK's login and launch (POST /v1/ingest/server)
// and the launch page's batches (POST /v1/ingest, carrying the key) are joined, folded
// by maintenance, and answered by GET /v1/lti/launches.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, json, vital } from '../test/app';
import { maintain } from './core/maintain';

const KEY = '0123456789abcdef0123456789';

describe('GET /v1/lti/launches', () => {
  it('joins the server chain and the page into one launch time, per stage, platform, placement and route', async () => {
    const t = await createTestApp();
    const t0 = t.clock.now - 30_000;
    const created = await t.request('/v1/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: 'tool', role: 'ingest' }),
    });
    const token = (await json(created)).token as string;
    const lti = (id: string, fields: object) => ({
      kind: 'lti',
      id,
      ok: true,
      platform: 'canvas.test',
      launch: KEY,
      ...fields,
    });
    const server = await t.request('/v1/ingest/server', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        sentAt: t.clock.now,
        events: [
          lti('login-0001', { action: 'login', t: t0, duration: 20 }),
          lti('launch-0001', {
            action: 'launch',
            t: t0 + 1_020,
            duration: 200,
            placement: 'assignment_selection',
            route: '/lti/launch',
          }),
        ],
      }),
    });
    expect(await json(server)).toMatchObject({ accepted: 2, rejected: 0 });
    const page = await t.post(
      '/v1/ingest',
      batch(
        [
          vital('v-ttfb-01', 'TTFB', 260, t0 + 1_100),
          vital('v-fcp-001', 'FCP', 700, t0 + 1_500),
          vital('v-lcp-001', 'LCP', 1_260, t0 + 2_000),
          vital('v-inp-001', 'INP', 96, t0 + 9_000),
        ],
        { launch: KEY },
      ),
    );
    expect((await json(page)).accepted).toBe(4);

    const before = await json(await t.get('/v1/lti/launches?range=1h'));
    expect(before.total.count).toBe(0); // joined, not folded yet
    expect(await maintain(t.store, t.clock.now)).toMatchObject({ launches: 1 });
    const times = await json(await t.get('/v1/lti/launches?range=1h'));
    // login 20, platform 1,000, tool 200, network 60, render 1,000: 2,280.
    expect(times.stages.map((s: { stage: string; p50: number }) => [s.stage, s.p50])).toEqual([
      ['login', 20],
      ['platform', 1_000],
      ['tool', 200],
      ['network', 60],
      ['render', 1_000],
    ]);
    expect(times.total).toEqual({ count: 1, p50: 2_280, p75: 2_280, p95: 2_280 });
    expect(times.fcp.p50).toBe(700);
    expect(times.inp.p50).toBe(96);
    expect(times.platforms).toEqual([
      { platform: 'canvas.test', count: 1, p50: 2_280, p75: 2_280, p95: 2_280 },
    ]);
    expect(times.placements).toMatchObject([{ placement: 'assignment_selection', count: 1 }]);
    expect(times.routes).toMatchObject([{ route: '/lti/launch', count: 1 }]);
    // The launch is also an LTI action, as before.
    expect((await json(await t.get('/v1/lti?range=1h'))).actions.launch.count).toBe(1);
  });

  it('is alert-able: a metric rule on launch.total p75', async () => {
    const t = await createTestApp();
    const res = await t.request('/v1/alerts/rules', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'slow-launch',
        name: 'LTI launches slow',
        condition: { type: 'metric', metric: 'launch.total', aggregate: 'p75' },
        threshold: 8_000,
        window: '15m',
        severity: 'warning',
      }),
    });
    expect(res.status).toBe(201);
  });
});
