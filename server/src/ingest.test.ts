import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits';
import { createRateLimiter } from './core/rate-limit';
import { batch, createTestApp, json, SITE_KEY, vital } from '../test/app';

const lcp = (id: string, value = 1800) => vital(id, 'LCP', value);

describe('POST /v1/ingest', () => {
  it('accepts a valid batch with 202 and stores every event', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/ingest', batch([lcp('evt-00001'), vital('evt-00002', 'CLS', 0.02)]));
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ accepted: 2, rejected: 0, duplicates: 0 });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://tool.example');
    expect(await t.store.countEvents(t.site.id)).toBe(2);
  });

  it('counts a retried batch once', async () => {
    const t = await createTestApp();
    const body = batch([lcp('evt-00001', 1000), lcp('evt-00002', 3000)]);
    await t.post('/v1/ingest', body);
    const again = await t.post('/v1/ingest', body);
    expect(await json(again)).toEqual({ accepted: 2, rejected: 0, duplicates: 2 });
    const vitals = await json(await t.get('/v1/vitals?route=/courses/:id/quiz&metric=LCP'));
    expect(vitals.metrics.LCP.count).toBe(2);
    expect(await t.store.countEvents(t.site.id)).toBe(2);
  });

  it('counts an id repeated within one batch once', async () => {
    const t = await createTestApp();
    const res = await t.post(
      '/v1/ingest',
      batch([lcp('evt-00001', 1000), lcp('evt-00001', 1000), lcp('evt-00002', 2000)]),
    );
    expect(await json(res)).toEqual({ accepted: 3, rejected: 0, duplicates: 1 });
    expect((await json(await t.get('/v1/vitals?metric=LCP'))).metrics.LCP.count).toBe(2);
  });

  it('keeps the valid events of a batch and names the bad one', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/ingest', batch([lcp('evt-00001'), vital('evt-00002', 'FID', 10)]));
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 1, path: 'events[1].name' });
    expect(await t.store.countEvents(t.site.id)).toBe(1);
  });

  const refusals: [
    string,
    (t: Awaited<ReturnType<typeof createTestApp>>) => Promise<Response>,
    number,
    RegExp,
  ][] = [
    ['malformed JSON', (t) => t.post('/v1/ingest', '{"siteKey": '), 400, /not valid JSON/],
    [
      'a wrong envelope type',
      (t) => t.post('/v1/ingest', batch([lcp('evt-00001')], { sentAt: 'yesterday' })),
      400,
      /^sentAt: /,
    ],
    [
      'a wrong event type',
      (t) => t.post('/v1/ingest', batch([{ ...lcp('evt-00001'), value: 'slow' }])),
      400,
      /^events\[0\]\.value: /,
    ],
    ['an empty batch', (t) => t.post('/v1/ingest', batch([])), 400, /^events: /],
    [
      'an oversized body',
      (t) => t.post('/v1/ingest', batch([lcp('evt-00001')], { pad: 'x'.repeat(LIMITS.maxBodyBytes) })),
      413,
      /over 65536 bytes/,
    ],
    [
      'an oversized body its Content-Length declares',
      (t) => {
        const body = JSON.stringify(batch([lcp('evt-00001')], { pad: 'x'.repeat(LIMITS.maxBodyBytes) }));
        return t.post('/v1/ingest', body, { 'content-length': String(body.length) });
      },
      413,
      /over 65536 bytes/,
    ],
    [
      'an unknown site key',
      (t) => t.post('/v1/ingest', batch([lcp('evt-00001')], { siteKey: 'sk_nope' })),
      401,
      /unknown site key/,
    ],
    [
      'a disallowed origin',
      (t) => t.post('/v1/ingest', batch([lcp('evt-00001')]), { origin: 'https://evil.example' }),
      403,
      /origin https:\/\/evil\.example is not allowed/,
    ],
  ];
  it.each(refusals)(
    'refuses %s with a clear 4xx the page can read, stores nothing and stays healthy',
    async (_, send, status, message) => {
      const t = await createTestApp();
      const res = await send(t);
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toMatch(/^https:\/\/(tool|evil)\.example$/);
      expect((await json(res)).error).toMatch(message);
      expect(await t.store.countEvents(t.site.id)).toBe(0);
      expect((await t.request('/health')).status).toBe(200);
    },
  );

  it('answers 429 with a Retry-After the page can read once a site sends too fast', async () => {
    const t = await createTestApp(undefined, { rateLimit: createRateLimiter(1, 3) });
    expect((await t.post('/v1/ingest', batch([lcp('evt-00001'), lcp('evt-00002')]))).status).toBe(202);
    const limited = await t.post('/v1/ingest', batch([lcp('evt-00003'), lcp('evt-00004')]));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect((await json(limited)).error).toMatch(/rate limit/);
    expect(await t.store.countEvents(t.site.id)).toBe(2);
    t.clock.now += 1000;
    expect((await t.post('/v1/ingest', batch([lcp('evt-00003'), lcp('evt-00004')]))).status).toBe(202);
  });

  it('answers the CORS preflight of a fetch with a JSON content type', async () => {
    const t = await createTestApp();
    const res = await t.request('/v1/ingest', {
      method: 'OPTIONS',
      headers: { origin: 'https://tool.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://tool.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('seed-compatible single-event endpoints', () => {
  it("POST /api/metrics/rum takes the seed guide's metric shape", async () => {
    const t = await createTestApp();
    const metric = {
      name: 'LCP',
      value: 2100,
      id: 'v1-seed-metric',
      timestamp: Date.UTC(2026, 10, 27, 11, 58),
      url: 'https://tool.example/courses/7?x=1',
    };
    const res = await t.post('/api/metrics/rum', metric, { 'x-sightline-key': SITE_KEY });
    expect(res.status).toBe(202);
    const vitals = await json(await t.get('/v1/vitals?route=/courses/:id&metric=LCP'));
    expect(vitals.metrics.LCP).toMatchObject({ count: 1, needsImprovement: 0, good: 1 });
  });

  it("POST /api/errors takes the seed guide's error shape and dedupes exact retries", async () => {
    const t = await createTestApp();
    const error = {
      type: 'javascript_error',
      message: 'x is undefined',
      filename: 'app.js',
      lineno: 3,
      colno: 9,
      stack: 'at f (app.js:3:9)',
      timestamp: Date.UTC(2026, 10, 27, 11, 58),
      url: 'https://tool.example/a',
    };
    expect((await t.post(`/api/errors?key=${SITE_KEY}`, error)).status).toBe(202);
    expect(await json(await t.post(`/api/errors?key=${SITE_KEY}`, error))).toMatchObject({ duplicates: 1 });
    expect(await t.store.countEvents(t.site.id)).toBe(1);
  });

  it('names the missing field of a seed event', async () => {
    const t = await createTestApp();
    const res = await t.post(`/api/errors?key=${SITE_KEY}`, { url: 'https://tool.example/a' });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ path: 'message' });
  });
});
