import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, json, vital } from '../test/app';

const T = Date.UTC(2026, 10, 27, 11, 30);

async function seeded() {
  const t = await createTestApp();
  // LCP 100, 200, … 10000 ms on one route; 5 INP samples on another.
  const lcps = Array.from({ length: 100 }, (_, i) =>
    vital(`lcp-${String(i).padStart(4, '0')}`, 'LCP', (i + 1) * 100, T),
  );
  await t.post('/v1/ingest', batch(lcps));
  const inps = [50, 150, 250, 450, 900].map((v, i) => vital(`inp-${i}-abcdef`, 'INP', v, T));
  await t.post('/v1/ingest', batch(inps, { page: { url: 'https://tool.example/modules/9' } }));
  return t;
}

describe('GET /v1/vitals', () => {
  it('refuses anonymous and unknown callers', async () => {
    const t = await createTestApp();
    const anonymous = await t.get('/v1/vitals', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await t.get('/v1/vitals', 'sl_admin_guess')).status).toBe(401);
  });

  it('answers percentiles within 1% and exact rating shares, per route', async () => {
    const t = await seeded();
    const res = await t.get('/v1/vitals?route=/courses/:id/quiz');
    expect(res.status).toBe(200);
    const { metrics, route } = await json(res);
    expect(route).toBe('/courses/:id/quiz');
    const lcp = metrics.LCP;
    expect(lcp.count).toBe(100);
    for (const [q, exact] of [
      ['p50', 5000],
      ['p75', 7500],
      ['p95', 9500],
      ['p99', 9900],
    ] as const) {
      expect(Math.abs(lcp[q] - exact) / exact).toBeLessThanOrEqual(0.01);
    }
    // ≤ 2500 good, ≤ 4000 needs improvement, above poor.
    expect([lcp.good, lcp.needsImprovement, lcp.poor]).toEqual([0.25, 0.15, 0.6]);
    expect(metrics.INP).toEqual({
      count: 0,
      p50: null,
      p75: null,
      p95: null,
      p99: null,
      good: 0,
      needsImprovement: 0,
      poor: 0,
    });
  });

  it('merges every route when none is given, and filters by metric and time', async () => {
    const t = await seeded();
    const all = await json(await t.get('/v1/vitals'));
    expect(all.metrics.LCP.count).toBe(100);
    expect(all.metrics.INP.count).toBe(5);
    expect(all.metrics.INP.p50).toBeCloseTo(250, -1);
    const inp = await json(await t.get('/v1/vitals?metric=INP&route=/modules/:id'));
    expect(Object.keys(inp.metrics)).toEqual(['INP']);
    const before = await json(
      await t.get(`/v1/vitals?from=${T - 3_600_000}&to=${new Date(T - 60_000).toISOString()}`),
    );
    expect(before.metrics.LCP.count).toBe(0);
  });

  it.each([
    ['metric=FID', 'metric'],
    ['from=yesterday', 'from'],
    [`from=${T}&to=${T - 1}`, 'from'],
    ['platform=blackboard', 'platform'],
  ])('answers 400 naming the parameter for %s', async (query, path) => {
    const t = await createTestApp();
    const res = await t.get(`/v1/vitals?${query}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ path });
  });

  it('asks which site once there are several', async () => {
    const t = await createTestApp();
    const created = await t.request('/v1/sites', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: 'Second', origins: ['https://b.example/path'] }),
    });
    expect(created.status).toBe(201);
    const site = await json(created);
    expect(site.origins).toEqual(['https://b.example']);
    expect((await t.get('/v1/vitals')).status).toBe(400);
    expect((await t.get(`/v1/vitals?site=${site.id}`)).status).toBe(200);
    expect((await t.get('/v1/vitals?site=site_missing')).status).toBe(404);
  });
});

describe('tokens and roles', () => {
  it('a read token reads but cannot administer', async () => {
    const t = await createTestApp();
    const asAdmin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const res = await t.request('/v1/tokens', {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ name: 'support', role: 'read' }),
    });
    expect(res.status).toBe(201);
    const { token } = await json(res);
    expect(token).toMatch(/^sl_read_/);
    expect((await t.get('/v1/vitals', token)).status).toBe(200);
    const denied = await t.request('/v1/sites', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '{"name":"x"}',
    });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error).toMatch(/role read; admin is needed/);
  });

  it('validates what an admin sends', async () => {
    const t = await createTestApp();
    const res = await t.request('/v1/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: 'x', role: 'owner' }),
    });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ path: 'role' });
  });
});

describe('demo pages', () => {
  it('serve with the demo site key filled in, and 404 with a hint otherwise', async () => {
    const t = await createTestApp();
    expect(await (await t.request('/demo/canvas')).text()).toContain('data-site-key="sk_test_site_key"');
    const missing = await t.request('/demo/blackboard');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatch(/\/demo\/canvas/);
  });
});
