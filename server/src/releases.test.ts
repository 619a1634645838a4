// Releases through the app: the widget's batches and the SDK's name a release in
// their envelope (POST /v1/ingest, /v1/ingest/server), and GET /v1/releases compares
// each release with the one before and flags the regression.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, json } from '../test/app';

const HOUR = 3_600_000;

async function ingestToken(t: Awaited<ReturnType<typeof createTestApp>>) {
  const created = await t.request('/v1/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'tool', role: 'ingest' }),
  });
  return (await json(created)).token as string;
}

describe('GET /v1/releases', () => {
  it('lists releases newest first, each compared with the one before, and flags the regression', async () => {
    const t = await createTestApp();
    const token = await ingestToken(t);
    /** One release's traffic: 60 page views on the quiz, each with its LCP, and 60 requests. */
    const traffic = async (release: string, at: number, lcp: number, failed: number) => {
      t.clock.now = at;
      const id = release.replaceAll('.', '_');
      const events = Array.from({ length: 60 }, (_, i) => [
        { kind: 'pageview', id: `${id}-pv-${i}`, t: at },
        { kind: 'vital', id: `${id}-lcp-${i}`, t: at, name: 'LCP', value: lcp + i },
      ]).flat();
      const page = await t.post('/v1/ingest', batch(events, { release, session: `s-${id}`, sentAt: at }));
      expect(await json(page)).toMatchObject({ accepted: 120, rejected: 0 });
      const requests = Array.from({ length: 60 }, (_, i) => ({
        kind: 'request',
        id: `${id}-req-${i}`,
        t: at,
        method: 'GET',
        route: '/api/quiz/:id',
        status: i < failed ? 500 : 200,
        duration: 80,
      }));
      const server = await t.request('/v1/ingest/server', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sentAt: at, service: 'tool', release, events: requests }),
      });
      expect(await json(server)).toMatchObject({ accepted: 60, rejected: 0 });
    };
    const t0 = Date.UTC(2026, 10, 27, 12, 0);
    await traffic('2026.11.1', t0 - 6 * HOUR, 1_000, 0);
    await traffic('2026.11.2', t0 - HOUR, 1_800, 1);
    // A bad release is dropped, not the batch.
    const bad = await t.post(
      '/v1/ingest',
      batch([{ kind: 'pageview', id: 'pageview-bad', t: t0 }], { release: 'no spaces' }),
    );
    expect(await json(bad)).toMatchObject({ accepted: 1, rejected: 0 });
    t.clock.now = t0;

    const res = await json(await t.get('/v1/releases?range=24h'));
    expect(res.thresholds).toEqual({ quantileChange: 0.1, rateChange: 0.01, alpha: 0.05, minSamples: 50 });
    expect(
      res.releases.map((r: { release: string; previous: string | null }) => [r.release, r.previous]),
    ).toEqual([
      ['2026.11.2', '2026.11.1'],
      ['2026.11.1', null],
    ]);
    const [current, first] = res.releases;
    expect(first).toMatchObject({
      firstSeen: t0 - 6 * HOUR,
      lastSeen: t0 - 6 * HOUR,
      events: 180,
      regressions: 0,
      comparisons: [],
    });
    expect(current).toMatchObject({ firstSeen: t0 - HOUR, events: 180, regressions: 1 });
    // LCP p75 1,044 → 1,844 ms on the quiz: worse by 77 %, every new value above every old one.
    expect(current.comparisons[0]).toMatchObject({
      metric: 'LCP',
      stat: 'p75',
      key: '/courses/:id/quiz',
      base: { n: 60 },
      current: { n: 60 },
      regression: true,
    });
    expect(current.comparisons[0].change).toBeCloseTo(0.77, 1);
    expect(current.comparisons[0].p).toBeLessThan(1e-15);
    // One 500 in 60 requests: +1.7 pp, not significant.
    expect(current.comparisons.find((c: { metric: string }) => c.metric === 'request.5xx')).toMatchObject({
      key: 'GET /api/quiz/:id',
      base: { value: 0, n: 60 },
      current: { value: 0.01667, n: 60 },
      regression: false,
    });
    // What the charts' deploy markers read: the releases, nothing compared.
    const light = await json(await t.get('/v1/releases?range=24h&compare=false'));
    expect(
      light.releases.map((r: { release: string; firstSeen: number; comparisons: unknown[] }) => [
        r.release,
        r.firstSeen,
        r.comparisons.length,
      ]),
    ).toEqual([
      ['2026.11.2', t0 - HOUR, 0],
      ['2026.11.1', t0 - 6 * HOUR, 0],
    ]);
    expect(current.comparisons.map((c: { metric: string }) => c.metric).sort()).toEqual([
      'LCP',
      'errors',
      'request.5xx',
      'request.duration',
    ]);
  });

  it('answers the releases of a range only, refuses bad parameters and anonymous callers', async () => {
    const t = await createTestApp();
    const at = t.clock.now - 40 * 24 * HOUR;
    t.clock.now = at;
    const old = await t.post(
      '/v1/ingest',
      batch([{ kind: 'pageview', id: 'pageview-old', t: at }], { release: 'old', sentAt: at }),
    );
    expect(await json(old)).toMatchObject({ accepted: 1 });
    t.clock.now = at + 40 * 24 * HOUR;
    expect((await json(await t.get('/v1/releases'))).releases).toEqual([]); // the last 30 days by default
    expect((await json(await t.get('/v1/releases?range=30d'))).releases).toEqual([]);
    const all = await json(await t.get(`/v1/releases?from=${at - 1}`));
    expect(all.releases).toMatchObject([{ release: 'old', previous: null }]);
    const bad = await t.get('/v1/releases?limit=0');
    expect(bad.status).toBe(400);
    expect((await t.get('/v1/releases', null)).status).toBe(401);
  });
});
