// POST /v1/ingest/server in-process: auth, validation, dedupe, rollups by the
// metric catalogue, and the SDK itself delivering through app.fetch.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits';
import { createSightline } from '../../server-sdk/index';
import type { RollupFilter } from './ports';
import { ADMIN_TOKEN, createTestApp, json } from '../test/app';

const t0 = Date.UTC(2026, 10, 27, 11, 59);
const events = {
  request: {
    kind: 'request',
    id: 'req-00001',
    t: t0,
    method: 'GET',
    route: '/api/courses/:id',
    status: 200,
    duration: 40,
    country: 'NZ',
  },
  failed: {
    kind: 'request',
    id: 'req-00002',
    t: t0,
    method: 'GET',
    route: '/api/courses/:id',
    status: 503,
    duration: 900,
    error: 'Error: db down',
  },
  db: {
    kind: 'db',
    id: 'db-000001',
    t: t0,
    op: 'SELECT',
    template: 'SELECT * FROM c WHERE id = ?',
    duration: 1500,
    ok: false,
    errorKind: 'timeout',
    slow: true,
  },
  launch: {
    kind: 'lti',
    id: 'lti-00001',
    t: t0,
    action: 'launch',
    ok: true,
    duration: 230,
    platform: 'canvas.instructure.com',
    role: 'learner',
  },
  deepLink: {
    kind: 'lti',
    id: 'lti-00002',
    t: t0,
    action: 'deep_link',
    ok: true,
    platform: 'canvas.instructure.com',
    stage: 'created',
  },
  faq: { kind: 'feature', id: 'ftr-00001', t: t0, name: 'faq_query', hit: false, duration: 85 },
  log: {
    kind: 'log',
    id: 'log-00001',
    t: t0,
    level: 'error',
    message: 'grade post failed',
    context: { requestId: 'r-1' },
  },
};
const serverBatch = (list: unknown[], extra: Record<string, unknown> = {}) => ({
  sentAt: t0,
  service: 'atomic-guide',
  environment: 'test',
  events: list,
  ...extra,
});

async function setup() {
  const t = await createTestApp();
  const token = async (role: string) =>
    (
      await json(
        await t.request('/v1/tokens', {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ name: `${role} token`, role }),
        }),
      )
    ).token as string;
  const ingestToken = await token('ingest');
  const send = (body: unknown, bearer: string | null = ingestToken, query = '') =>
    t.request(`/v1/ingest/server${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const totals = (metrics: string[], extra: Partial<RollupFilter> = {}) =>
    t.store.rollupTotals({
      siteId: t.site.id,
      fromMinute: Math.floor(t0 / 60_000) - 1,
      toMinute: Math.floor(t0 / 60_000) + 1,
      metrics,
      ...extra,
    });
  return { ...t, token, ingestToken, send, totals };
}

describe('POST /v1/ingest/server', () => {
  it('stores server events and rolls them up by the metric catalogue', async () => {
    const t = await setup();
    const res = await t.send(serverBatch(Object.values(events)));
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ accepted: 7, rejected: 0, duplicates: 0 });
    expect(await t.store.countEvents(t.site.id)).toBe(7);

    const byStatus = await t.totals(['request.duration'], { groupBy: 'dim' });
    expect(byStatus.map((r) => [r.group, r.count, r.sum])).toEqual([
      ['2xx', 1, 40],
      ['5xx', 1, 900],
    ]);
    expect(
      (await t.totals(['request.duration'], { where: { route: 'GET /api/courses/:id', country: 'NZ' } }))[0]
        .count,
    ).toBe(1);
    const db = await t.totals(['db.duration', 'db.errors', 'db.slow'], { groupBy: 'dim' });
    expect(db.map((r) => [r.metric, r.group, r.count]).sort()).toEqual([
      ['db.duration', 'SELECT * FROM c WHERE id = ?', 1],
      ['db.errors', 'timeout', 1],
      ['db.slow', 'SELECT * FROM c WHERE id = ?', 1],
    ]);
    const lti = await t.totals(['lti.launch', 'lti.deep_link.created'], {
      where: { dim: 'canvas.instructure.com', route: 'ok' },
    });
    expect(lti.map((r) => [r.metric, r.count, r.sum]).sort()).toEqual([
      ['lti.deep_link.created', 1, 0],
      ['lti.launch', 1, 230],
    ]);
    expect(
      (await t.totals(['feature.faq_query'], { groupBy: 'dim' })).map((r) => [r.group, r.count]),
    ).toEqual([['miss', 1]]);
    expect((await t.totals(['log.error']))[0].count).toBe(1);
  });

  it('counts a retried batch once, and an id repeated in one batch once', async () => {
    const t = await setup();
    await t.send(serverBatch([events.request, events.db]));
    expect(await json(await t.send(serverBatch([events.request, events.db, events.db])))).toEqual({
      accepted: 3,
      rejected: 0,
      duplicates: 3,
    });
    expect((await t.totals(['request.duration']))[0].count).toBe(1);
  });

  it('keeps the valid events of a batch and names the bad one', async () => {
    const t = await setup();
    const res = await t.send(serverBatch([events.request, { ...events.db, op: 'MERGE' }]));
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(body.errors[0]).toMatchObject({ index: 1, path: 'events[1].op' });
  });

  it.each([
    ['no token', null, serverBatch([events.request]), 401, /API token is required/],
    ['an unknown token', 'sl_nope', serverBatch([events.request]), 401, /unknown API token/],
    ['malformed JSON', undefined, '{"sentAt": ', 400, /not valid JSON/],
    ['a wrong envelope', undefined, serverBatch([events.request], { sentAt: 'now' }), 400, /^sentAt: /],
    [
      'only bad events',
      undefined,
      serverBatch([{ ...events.request, method: 'get' }]),
      400,
      /^events\[0\]\.method: /,
    ],
    ['an empty batch', undefined, serverBatch([]), 400, /^events: /],
    [
      'an oversized body',
      undefined,
      serverBatch([events.request], { pad: 'x'.repeat(LIMITS.maxBodyBytes) }),
      413,
      /over 65536 bytes/,
    ],
  ])('refuses %s with a clear 4xx and stores nothing', async (_, bearer, body, status, message) => {
    const t = await setup();
    const res = await t.send(body, bearer === undefined ? t.ingestToken : bearer);
    expect(res.status).toBe(status);
    expect((await json(res)).error).toMatch(message);
    expect(await t.store.countEvents(t.site.id)).toBe(0);
  });

  it('takes an admin token too, but not a read token; an ingest token reads nothing', async () => {
    const t = await setup();
    expect((await t.send(serverBatch([events.request]), ADMIN_TOKEN)).status).toBe(202);
    const read = await t.token('read');
    const refused = await t.send(serverBatch([events.log]), read);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toBe('this token has role read; ingest or admin is needed');
    expect((await t.get('/v1/vitals', t.ingestToken)).status).toBe(403);
  });

  it('chooses the site by ?site=, which is required once there are several', async () => {
    const t = await setup();
    const other = await json(
      await t.request('/v1/sites', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ name: 'Second tool' }),
      }),
    );
    expect((await json(await t.send(serverBatch([events.request])))).path).toBe('site');
    expect((await t.send(serverBatch([events.request]), t.ingestToken, '?site=site_nope')).status).toBe(404);
    expect((await t.send(serverBatch([events.request]), t.ingestToken, `?site=${other.id}`)).status).toBe(
      202,
    );
    expect(await t.store.countEvents(other.id)).toBe(1);
    expect(await t.store.countEvents(t.site.id)).toBe(0);
  });
});

describe('the SDK delivering to the app in-process', () => {
  it('sends what a hono-less fetch handler records, and every event is accepted', async () => {
    const t = await setup();
    const sightline = createSightline({
      endpoint: 'http://127.0.0.1/v1/ingest/server',
      token: t.ingestToken,
      service: 'atomic-guide',
      fetch: (url, init) => t.request(new URL(url).pathname, init),
      clock: () => t0,
      flushIntervalMs: 0,
    });
    const handler = sightline.wrapFetch(async () => new Response('ok'), { route: () => '/api/chat' });
    await handler(new Request('https://tool.example/api/chat'), {}, undefined);
    sightline.feature('chat_message', { props: { length: 42 } });
    sightline.lti.nrps({ ok: true, duration: 410, platform: 'https://canvas.instructure.com' });
    sightline.logger.child({ requestId: 'r-9' }).warn('slow NRPS');
    await sightline.flush();
    expect(sightline.stats()).toMatchObject({
      sent: 4,
      queued: 0,
      dropped: { overflow: 0, rejected: 0 },
      failures: 0,
    });
    expect((await t.totals(['request.duration'], { where: { route: 'GET /api/chat' } }))[0].count).toBe(1);
    expect((await t.totals(['lti.nrps']))[0]).toMatchObject({ count: 1, sum: 410 });
  });
});
