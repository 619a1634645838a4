import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '../../../shared/dashboard';
import { createApp } from '../app';
import { createLiveHub, withLivePublish } from '../core/live';
import { sha256Hex } from '../core/ids';
import { ADMIN_TOKEN, batch, createTestApp, json, ORIGIN, vital } from '../../test/app';

const READ = 'sl_read_dashboard_test';

/** Reads SSE messages from a stream until `n` arrived. */
async function messages(res: Response, n: number): Promise<StreamMessage[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const out: StreamMessage[] = [];
  let buffer = '';
  while (out.length < n) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let i;
    while ((i = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer
        .slice(0, i)
        .split('\n')
        .find((l) => l.startsWith('data: '));
      buffer = buffer.slice(i + 2);
      if (data) out.push(JSON.parse(data.slice(6)));
    }
  }
  await reader.cancel();
  return out;
}

describe('GET /v1/vitals/samples', () => {
  it("answers a route's latest samples of a metric with their attribution, newest first", async () => {
    const t = await createTestApp();
    const at = Date.UTC(2026, 10, 27, 11, 50);
    await t.post(
      '/v1/ingest',
      batch([
        {
          ...vital('smp-00001', 'INP', 320, at),
          rating: 'needs-improvement',
          attribution: { interactionTarget: 'button#save', interactionType: 'pointer' },
        },
        vital('smp-00002', 'INP', 90, at + 60_000),
        vital('smp-00003', 'LCP', 1500, at),
      ]),
    );
    const res = await json(await t.get('/v1/vitals/samples?metric=INP&route=/courses/:id/quiz'));
    expect(res.samples).toEqual([
      { t: at + 60_000, value: 90, attribution: {} },
      {
        t: at,
        value: 320,
        rating: 'needs-improvement',
        attribution: { interactionTarget: 'button#save', interactionType: 'pointer' },
      },
    ]);
    expect((await t.get('/v1/vitals/samples?metric=INP&route=/courses/:id/quiz', null)).status).toBe(401);
    const bad = await t.get('/v1/vitals/samples?metric=FID&route=/a');
    expect([bad.status, (await json(bad)).path]).toEqual([400, 'metric']);
    expect((await json(await t.get('/v1/vitals/samples?metric=INP'))).path).toBe('route');
  });
});

describe('dashboard routes', () => {
  it('serves the shell for /dashboard and every deep link, with a strict CSP; a missing asset is a 404', async () => {
    const t = await createTestApp();
    for (const path of [
      '/dashboard',
      '/dashboard/',
      '/dashboard/alerts?site=s&rule=r&alert=a',
      '/dashboard/vitals/extra',
    ]) {
      const res = await t.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await res.text()).toContain('/dashboard/app.js');
    }
    expect((await t.request('/dashboard/missing.js')).status).toBe(404);
  });

  it('tells a token who it is; refuses anonymous callers', async () => {
    const t = await createTestApp();
    await t.store.createToken({ id: 'tok_read', role: 'read', name: 'support' }, await sha256Hex(READ), 0);
    expect(await json(await t.get('/v1/me', READ))).toEqual({ name: 'support', role: 'read', live: false });
    expect((await t.get('/v1/me', null)).status).toBe(401);
    // A read token cannot change anything.
    expect(
      (
        await t.request('/v1/alerts/silences', {
          method: 'POST',
          headers: { authorization: `Bearer ${READ}` },
          body: '{"rule":"high-error-rate","duration":"1h"}',
        })
      ).status,
    ).toBe(403);
  });

  it('answers the merged histogram of a metric from the sketch bins', async () => {
    const t = await createTestApp();
    const values = [100, 100, 800, 2600, 5000];
    expect(
      (await t.post('/v1/ingest', batch(values.map((v, i) => vital(`lcp-${i}-xxxxxx`, 'LCP', v))))).status,
    ).toBe(202);
    const h = await json(await t.get('/v1/vitals/histogram?metric=LCP&range=1h'));
    expect(h.count).toBe(5);
    expect(h.bins.map((b: [number, number]) => b[1])).toEqual([2, 1, 1, 1]);
    for (const [i, v] of [100, 800, 2600, 5000].entries())
      expect(Math.abs(h.bins[i][0] - v) / v).toBeLessThan(0.01);
    expect((await json(await t.get('/v1/vitals/histogram?metric=LCP&range=1h&route=/nowhere'))).count).toBe(
      0,
    );
    expect((await t.get('/v1/vitals/histogram?metric=LCP&range=2y')).status).toBe(400);
  });

  it('has no stream without a live hub (Workers): 501, and the dashboard polls', async () => {
    const t = await createTestApp();
    const res = await t.get('/v1/stream');
    expect(res.status).toBe(501);
  });

  it('streams ingest commits per site, throttled to one message a second', async () => {
    const t = await createTestApp(Date.now());
    const live = createLiveHub();
    const app = createApp({ store: withLivePublish(t.store, live), clock: Date.now, live });
    expect((await app.fetch(new Request('http://x/v1/stream'))).status).toBe(401);
    const res = await app.fetch(
      new Request('http://x/v1/stream', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const got = messages(res, 3);
    const body = (id: string) =>
      JSON.stringify(batch([vital(`live-${id}-xxxxxx`, 'LCP', 900, Date.now())], { sentAt: Date.now() }));
    const ingest = (body: string) =>
      app.fetch(new Request('http://x/v1/ingest', { method: 'POST', headers: { origin: ORIGIN }, body }));
    const b = body('b');
    await ingest(body('a'));
    await ingest(b);
    await ingest(b); // a retry: nothing new, nothing published
    await ingest(body('c'));
    const [hello, first, second] = await got;
    expect(hello.type).toBe('hello');
    // The first goes at once; what follows within the second waits for it, gathered into one message.
    const counts = [first, second].map((m) => (m.type === 'ingest' ? m.sites[t.site.id] : 0));
    expect(counts[0] + counts[1]).toBe(3);
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    expect(live.subscribers()).toBe(0); // the reader cancelled: unsubscribed
  });

  it('ends every stream when the hub closes (server shutdown)', async () => {
    const t = await createTestApp(Date.now());
    const live = createLiveHub();
    const app = createApp({ store: t.store, clock: Date.now, live });
    const res = await app.fetch(
      new Request('http://x/v1/stream', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    );
    const text = res.text();
    await new Promise((r) => setTimeout(r, 20));
    live.close();
    expect(await text).toContain('event: hello');
  });
});
