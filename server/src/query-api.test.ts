// The query API end to end: seeded through ingest (browser) and the store's
// commit path (server metrics, as the SDK's ingest writes them), read over
// app.fetch with exact expected answers. Percentiles are the sketch's (≤ 1 %).
import { describe, expect, it } from 'vitest';
import { createSketch, quantiles } from '../../shared/sketch';
import { binOf } from '../../shared/sketch';
import { maintain } from './core/maintain';
import { toBatchRow } from './core/rollup';
import { round } from './core/queries/read';
import type { RollupDelta } from './ports';
import { batch, createTestApp, json } from '../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const pct = (values: number[], q: number) => round(quantiles(createSketch(values), [q])[0]);

type App = Awaited<ReturnType<typeof createTestApp>>;

/** Server metrics as the SDK's ingest stores them (shared/metrics.ts), at 10:30. */
async function seedServer(t: App) {
  const at = NOW - 90 * MIN;
  const events: { t: number; id: string }[] = [];
  const deltas: RollupDelta[] = [];
  let n = 0;
  const add = (metric: string, route: string, dim: string, value: number, country = '') => {
    const eventId = `srv-${n++}-xxxx`;
    events.push({ t: at, id: eventId });
    deltas.push({
      siteId: t.site.id,
      eventId,
      minute: at / MIN,
      metric,
      route,
      platform: '',
      frame: '',
      device: '',
      country,
      dim,
      count: 1,
      value,
      bin: binOf(value),
      rating: null,
    });
  };
  for (const d of [100, 200, 300, 400]) add('request.duration', 'GET /api/a', '2xx', d, 'NZ');
  add('request.duration', 'POST /api/b', '2xx', 1000, 'NZ');
  add('request.duration', 'POST /api/b', '5xx', 2500, 'AU');
  add('request.duration', 'POST /api/b', '5xx', 3000, 'AU');
  add('request.duration', 'GET /api/c', '4xx', 50, 'AU');
  for (const d of [300, 400, 500]) add('lti.launch', 'ok', 'canvas.instructure.com', d);
  add('lti.launch', 'failed', 'moodle.example.edu', 2000);
  for (const d of [10, 20, 30]) add('db.duration', 'SELECT', 'SELECT * FROM courses WHERE id = ?', d);
  add('db.duration', 'UPDATE', 'UPDATE grades SET score = ? WHERE id = ?', 1500);
  add('db.slow', 'UPDATE', 'UPDATE grades SET score = ? WHERE id = ?', 1500);
  add('db.errors', 'SELECT', 'timeout', 1);
  add('feature.faq_query', '', 'hit', 1);
  add('feature.faq_query', '', 'miss', 1);
  add('feature.video_upload', '', '', 1000);
  add('feature.video_upload', '', '', 3000);
  const envelope = {
    siteId: t.site.id,
    source: 'server',
    session: '',
    route: '',
    platform: '',
    frame: '',
    device: '',
    country: '',
    user: '',
  } as const;
  await t.store.commit(toBatchRow(envelope, events, at), 'r-server', { deltas });
}

const STACK = 'Error: x\n    at loadItem (https://tool.example/app.js:1:2)';

/** Browser sessions, each sent at its own time. */
async function seedBrowser(t: App) {
  // Sent when the session's last event happened (as the widget does on page hide).
  const send = async (
    _start: number,
    events: ({ t: number } & Record<string, unknown>)[],
    overrides: Record<string, unknown>,
  ) => {
    t.clock.now = Math.max(...events.map((e) => e.t));
    const res = await t.post('/v1/ingest', batch(events, overrides));
    expect(res.status).toBe(202);
  };
  const s1 = NOW - 2 * HOUR;
  await send(
    s1,
    [
      { kind: 'pageview', id: 's1-pv-xxxx', t: s1 },
      { kind: 'vital', id: 's1-lcp-1xx', t: s1 + MIN, name: 'LCP', value: 1000 },
      { kind: 'vital', id: 's1-lcp-2xx', t: s1 + 2 * MIN, name: 'LCP', value: 3000 },
      { kind: 'custom', id: 's1-chat-xx', t: s1 + 5 * MIN, name: 'chat' },
      {
        kind: 'error',
        id: 's1-err-1xx',
        t: s1 + 6 * MIN,
        type: 'error',
        message: 'Item 42 not found',
        stack: STACK,
      },
      {
        kind: 'error',
        id: 's1-err-2xx',
        t: s1 + 10 * MIN,
        type: 'rejection',
        message: 'Network down',
        count: 3,
      },
    ],
    { session: 'session-1', user: 'u1', device: 'desktop' },
  );
  const s2 = NOW - HOUR;
  const moodle = {
    session: 'session-2',
    user: 'u2',
    device: 'mobile',
    lms: { platform: 'moodle', iframe: true },
    page: { url: 'https://tool.example/modules/9' },
  };
  await send(
    s2,
    [
      { kind: 'pageview', id: 's2-pv-1xx', t: s2 },
      { kind: 'vital', id: 's2-lcp-xxx', t: s2, name: 'LCP', value: 5000 },
      { kind: 'error', id: 's2-err-xxx', t: s2, type: 'error', message: 'Item 7 not found', stack: STACK },
      { kind: 'custom', id: 's2-chat-xx', t: s2 + MIN, name: 'chat' },
      { kind: 'custom', id: 's2-faq-xxx', t: s2 + MIN, name: 'faq' },
      { kind: 'pageview', id: 's2-pv-2xx', t: s2 + 2 * MIN },
    ],
    moodle,
  );
  await send(NOW - 30 * MIN, [{ kind: 'pageview', id: 's5-pv-xxxx', t: NOW - 30 * MIN }], {
    session: 'session-5',
  });
  await send(NOW - 8 * DAY, [{ kind: 'pageview', id: 's3-pv-xxxx', t: NOW - 8 * DAY }], {
    session: 'session-3',
    user: 'u1',
  });
  await send(NOW - 9 * DAY, [{ kind: 'pageview', id: 's4-pv-xxxx', t: NOW - 9 * DAY }], {
    session: 'session-4',
    user: 'u3',
  });
  t.clock.now = NOW;
}

async function seeded() {
  const t = await createTestApp(NOW);
  await seedServer(t);
  await seedBrowser(t);
  return t;
}

const REQUESTS = [100, 200, 300, 400, 1000, 2500, 3000, 50];

describe('GET /v1/overview', () => {
  it('answers the seed overview with red/amber/green, the same after compaction', async () => {
    const t = await seeded();
    const expected = {
      site: 'site_demo',
      from: NOW - DAY,
      to: NOW,
      figures: {
        totalRequests: { value: 8, status: null },
        errorRate: { value: 0.25, status: 'red' },
        avgResponseTime: { value: 943.8, status: 'amber' },
        p95ResponseTime: { value: pct(REQUESTS, 0.95), status: 'red' },
        ltiLaunches: { value: 4, status: 'red', note: '1 failed' },
        uptime: { value: null, status: null, note: 'no synthetic checks yet: add one with POST /v1/checks' },
        pageviews: { value: 4, status: null },
        jsErrors: { value: 5, status: 'red', note: 'status from errors per page view' },
      },
      // Every seeded page ran in the tool frame.
      browser: [
        { platform: 'canvas', frame: 'framed', pageviews: 2, jsErrors: 4 },
        { platform: 'moodle', frame: 'framed', pageviews: 2, jsErrors: 1 },
      ],
    };
    expect(await json(await t.get('/v1/overview'))).toEqual(expected);
    const report = await maintain(t.store, NOW);
    expect(report.compacted.length).toBeGreaterThan(0);
    expect(await json(await t.get('/v1/overview'))).toEqual(expected);
    expect((await json(await t.get('/v1/overview?range=1h'))).figures.totalRequests).toEqual({
      value: 0,
      status: null,
      note: 'no server requests in this range (server-side SDK)',
    });
  });
});

describe('GET /v1/timeseries', () => {
  it('gives one point per step, empty steps included, with rates and percentiles', async () => {
    const t = await seeded();
    const requests = await json(await t.get('/v1/timeseries?metric=requests&step=1h'));
    expect(requests).toMatchObject({ metric: 'requests', step: '1h', from: NOW - DAY, to: NOW });
    expect(requests.points).toHaveLength(25);
    expect(requests.points.filter((p: { count: number }) => p.count)).toEqual([
      { t: NOW - 2 * HOUR, count: 8 },
    ]);
    const errors = await json(await t.get('/v1/timeseries?metric=errors&range=24h&step=1h'));
    expect(errors.points.find((p: { t: number }) => p.t === NOW - 2 * HOUR)).toEqual({
      t: NOW - 2 * HOUR,
      count: 2,
      rate: 0.25,
    });
    expect(errors.points[0]).toEqual({ t: NOW - DAY, count: 0, rate: null });
    const times = await json(
      await t.get(`/v1/timeseries?metric=response_time&from=${NOW - 3 * HOUR}&to=${NOW - HOUR - 1}`),
    );
    expect(times.step).toBe('1m');
    expect(times.points).toHaveLength(120);
    expect(times.points.find((p: { count: number }) => p.count)).toEqual({
      t: NOW - 90 * MIN,
      count: 8,
      avg: 943.8,
      p50: pct(REQUESTS, 0.5),
      p75: pct(REQUESTS, 0.75),
      p95: pct(REQUESTS, 0.95),
      p99: pct(REQUESTS, 0.99),
    });
    const lcp = await json(await t.get('/v1/timeseries?metric=LCP&step=1d&range=7d'));
    expect(lcp.points.map((p: { count: number }) => p.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 3]);
    expect(lcp.points[7].p75).toBe(pct([1000, 3000, 5000], 0.75));
    const launches = await json(await t.get('/v1/timeseries?metric=lti_launches&step=1d'));
    expect(launches.points.at(-1)).toEqual({ t: Date.UTC(2026, 10, 27), count: 4, rate: 0.25 });
  });

  it.each([
    ['', 'metric'],
    ['metric=requests&step=2m', 'step'],
    ['metric=requests&step=1m&range=30d', 'step'],
    ['metric=../etc', 'metric'],
    ['metric=requests&range=1y', 'range'],
    ['metric=requests&range=1h&from=1', 'range'],
    ['metric=requests&from=1&to=0', 'from'],
    ['metric=requests&color=red', 'color'],
  ])('answers 400 naming the parameter for %s', async (query, path) => {
    const t = await createTestApp(NOW);
    const res = await t.get(`/v1/timeseries?${query}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ path });
  });
});

describe('GET /v1/vitals/routes and /v1/breakdown', () => {
  it('lists routes sorted and paged with percentiles and rating shares', async () => {
    const t = await seeded();
    const body = await json(await t.get('/v1/vitals/routes?metric=LCP'));
    expect(body).toMatchObject({ metric: 'LCP', sort: 'p75', order: 'desc', total: 2, limit: 50, offset: 0 });
    expect(body.routes).toEqual([
      {
        route: '/modules/:id',
        count: 1,
        // One sample: known exactly, not its bin's value.
        p50: 5000,
        p75: 5000,
        p95: 5000,
        p99: 5000,
        good: 0,
        needsImprovement: 0,
        poor: 1,
      },
      {
        route: '/courses/:id/quiz',
        count: 2,
        p50: pct([1000, 3000], 0.5),
        p75: pct([1000, 3000], 0.75),
        p95: pct([1000, 3000], 0.95),
        p99: pct([1000, 3000], 0.99),
        good: 0.5,
        needsImprovement: 0.5,
        poor: 0,
      },
    ]);
    const paged = await json(await t.get('/v1/vitals/routes?sort=count&order=desc&limit=1&offset=1'));
    expect(paged.routes.map((r: { route: string }) => r.route)).toEqual(['/modules/:id']);
    expect(
      (await json(await t.get('/v1/vitals/routes?platform=moodle'))).routes.map(
        (r: { route: string }) => r.route,
      ),
    ).toEqual(['/modules/:id']);
    expect((await t.get('/v1/vitals/routes?sort=median')).status).toBe(400);
  });

  it('finds routes by a part of their name, any case, with the total of those found (issue #19 item 8)', async () => {
    const t = await seeded();
    const found = await json(await t.get('/v1/vitals/routes?q=QUIZ'));
    expect(found.total).toBe(1);
    expect(found.routes.map((r: { route: string }) => r.route)).toEqual(['/courses/:id/quiz']);
    expect((await json(await t.get('/v1/vitals/routes?q=nowhere'))).total).toBe(0);
    expect((await json(await t.get('/v1/vitals/routes?q=%20'))).total).toBe(2);
  });

  it('breaks a metric down by device, country, status', async () => {
    const t = await seeded();
    const byDevice = await json(await t.get('/v1/breakdown?metric=LCP&by=device'));
    expect(
      byDevice.groups.map((g: { value: string; count: number; poor: number }) => [g.value, g.count, g.poor]),
    ).toEqual([
      ['desktop', 2, 0],
      ['mobile', 1, 1],
    ]);
    const byCountry = await json(await t.get('/v1/breakdown?metric=requests&by=country'));
    expect(
      byCountry.groups.map((g: { value: string; count: number; avg: number }) => [g.value, g.count, g.avg]),
    ).toEqual([
      ['NZ', 5, 400],
      ['AU', 3, 1850],
    ]);
    const byStatus = await json(await t.get('/v1/breakdown?metric=response_time&by=status'));
    expect(byStatus.groups.map((g: { value: string; count: number }) => [g.value, g.count])).toEqual([
      ['2xx', 5],
      ['5xx', 2],
      ['4xx', 1],
    ]);
    const res = await t.get('/v1/breakdown?metric=LCP&by=browser');
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ path: 'by' });
  });
});

describe('GET /v1/errors', () => {
  it("lists the top error groups of the range with their groups' facts", async () => {
    const t = await seeded();
    const body = await json(await t.get('/v1/errors'));
    expect(body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(body.groups.map(({ fingerprint: _f, ...g }: { fingerprint: string }) => g)).toEqual([
      {
        type: 'rejection',
        title: 'Network down',
        message: 'Network down',
        frame: '',
        count: 3,
        totalCount: 3,
        firstSeen: NOW - 2 * HOUR + 10 * MIN,
        lastSeen: NOW - 2 * HOUR + 10 * MIN,
        affectedSessions: 1,
        routes: ['/courses/:id/quiz'],
      },
      {
        type: 'error',
        title: 'Item <n> not found',
        message: 'Item 42 not found',
        frame: 'loadItem (/app.js)',
        count: 2,
        totalCount: 2,
        firstSeen: NOW - 2 * HOUR + 6 * MIN,
        lastSeen: NOW - HOUR,
        affectedSessions: 2,
        routes: ['/courses/:id/quiz', '/modules/:id'],
      },
    ]);
    expect(
      (await json(await t.get('/v1/errors?range=1h'))).groups.map((g: { count: number }) => g.count),
    ).toEqual([1]); // s2's, at to − 1 h
    expect(
      (await json(await t.get('/v1/errors?route=/modules/:id'))).groups.map(
        (g: { count: number }) => g.count,
      ),
    ).toEqual([1]);
  });

  it('details one group: stack, routes in the range and a series', async () => {
    const t = await seeded();
    const [, item] = (await json(await t.get('/v1/errors'))).groups;
    const body = await json(await t.get(`/v1/errors/${item.fingerprint}?range=24h`));
    expect(body.group).toEqual({ ...item, stack: STACK });
    expect(body.byRoute).toEqual([
      { route: '/courses/:id/quiz', count: 1 },
      { route: '/modules/:id', count: 1 },
    ]);
    expect(body.series.step).toBe('5m');
    expect(body.series.points.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(2);
    const missing = await t.get('/v1/errors/0000');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ path: 'fingerprint' });
  });
});

describe('GET /v1/endpoints, /v1/database, /v1/lti', () => {
  it('ranks endpoints slowest first with status classes and error rates', async () => {
    const t = await seeded();
    const body = await json(await t.get('/v1/endpoints'));
    expect(body).toMatchObject({ sort: 'p95', total: 3 });
    expect(
      body.endpoints.map(
        (e: { route: string; count: number; avg: number; errorRate: number; statuses: object }) => [
          e.route,
          e.count,
          e.avg,
          e.errorRate,
          e.statuses,
        ],
      ),
    ).toEqual([
      ['POST /api/b', 3, 2166.7, 2 / 3, { '2xx': 1, '5xx': 2 }],
      ['GET /api/a', 4, 250, 0, { '2xx': 4 }],
      ['GET /api/c', 1, 50, 0, { '4xx': 1 }],
    ]);
    expect(body.endpoints[0].p95).toBe(pct([1000, 2500, 3000], 0.95));
    expect(
      (await json(await t.get('/v1/endpoints?sort=count&limit=1'))).endpoints.map(
        (e: { route: string }) => e.route,
      ),
    ).toEqual(['GET /api/a']);
  });

  it('sums up the database: counts, time, slow queries, failures, expensive templates', async () => {
    const t = await seeded();
    expect(await json(await t.get('/v1/database'))).toEqual({
      site: 'site_demo',
      from: NOW - DAY,
      to: NOW,
      queries: 4,
      avgDuration: 390,
      p95Duration: pct([10, 20, 30, 1500], 0.95),
      slowQueries: 1,
      errors: { timeout: 1 },
      byOp: { SELECT: 3, UPDATE: 1 },
      templates: [
        {
          template: 'UPDATE grades SET score = ? WHERE id = ?',
          op: 'UPDATE',
          count: 1,
          totalTime: 1500,
          avg: 1500,
          p95: 1500,
          slow: 1,
        },
        {
          template: 'SELECT * FROM courses WHERE id = ?',
          op: 'SELECT',
          count: 3,
          totalTime: 60,
          avg: 20,
          p95: pct([10, 20, 30], 0.95),
          slow: 0,
        },
      ],
    });
  });

  it('reports LTI launches per platform and their success', async () => {
    const t = await seeded();
    const body = await json(await t.get('/v1/lti'));
    expect(body.actions.launch).toEqual({
      count: 4,
      failed: 1,
      successRate: 0.75,
      p50: pct([300, 400, 500, 2000], 0.5),
      p95: pct([300, 400, 500, 2000], 0.95),
    });
    expect(body.actions.grade).toEqual({ count: 0, failed: 0, successRate: null, p50: null, p95: null });
    expect(body.platforms).toEqual([
      // Each platform's launch times (they were null for every platform: issue #19).
      {
        platform: 'canvas.instructure.com',
        count: 3,
        failed: 0,
        successRate: 1,
        p50: pct([300, 400, 500], 0.5),
        p95: pct([300, 400, 500], 0.95),
      },
      { platform: 'moodle.example.edu', count: 1, failed: 1, successRate: 0, p50: 2000, p95: 2000 },
    ]);
    expect(body.uniquePlatforms).toBe(2);
  });
});

describe('GET /v1/features and /v1/business', () => {
  it('reports feature use from the browser (with adoption) and the server', async () => {
    const t = await seeded();
    const body = await json(await t.get('/v1/features'));
    expect(body.users).toBe(2);
    expect(body.features).toEqual([
      { name: 'chat', source: 'browser', count: 2, users: 2, adoption: 1, p50: null, p95: null },
      {
        name: 'faq_query',
        source: 'server',
        count: 2,
        users: null,
        adoption: null,
        // Sent without a duration: a count, no percentiles (not `1 ms`).
        p50: null,
        p95: null,
        hit: 1,
        miss: 1,
      },
      {
        name: 'video_upload',
        source: 'server',
        count: 2,
        users: null,
        adoption: null,
        p50: pct([1000, 3000], 0.5),
        p95: pct([1000, 3000], 0.95),
      },
      { name: 'faq', source: 'browser', count: 1, users: 1, adoption: 0.5, p50: null, p95: null },
    ]);
  });

  it('computes active users, sessions, retention and adoption from sessions', async () => {
    const t = await seeded();
    expect(await json(await t.get('/v1/business'))).toEqual({
      site: 'site_demo',
      from: NOW - DAY,
      to: NOW,
      activeUsers: { daily: 2, weekly: 2, monthly: 3 },
      stickiness: 2 / 3,
      users: 2,
      sessions: {
        count: 3,
        perUser: 1,
        avgDuration: (10 * MIN + 2 * MIN + 0) / 3,
        pageviewsPerSession: 4 / 3,
      },
      retention: { weekOverWeek: 0.5, previousWeekUsers: 2, returnedUsers: 1 },
      featureAdoption: [
        { name: 'chat', users: 2, adoption: 1 },
        { name: 'faq', users: 1, adoption: 0.5 },
      ],
      trend: expect.any(Object),
    });
    const empty = await json(await t.get(`/v1/business?from=${NOW - 20 * DAY}&to=${NOW - 19 * DAY}`));
    expect(empty.trend.points.every((p: { sessions: number }) => p.sessions === 0)).toBe(true);
    expect(empty).toMatchObject({
      users: 0,
      stickiness: null,
      sessions: { count: 0, perUser: null, avgDuration: null, pageviewsPerSession: null },
      retention: { weekOverWeek: null },
    });
  });
});

it('trends active users and sessions per hour over a day and per day over a week (issue #19 item 11)', async () => {
  const t = await seeded();
  type Trend = { step: string; points: { t: number; users: number; sessions: number }[] };
  const day = (await json(await t.get('/v1/business'))).trend as Trend;
  expect(day.step).toBe('1h');
  expect(day.points[0].t).toBe(Math.floor((NOW - DAY) / HOUR) * HOUR);
  expect(day.points.length).toBe(Math.floor(NOW / HOUR) - Math.floor((NOW - DAY) / HOUR) + 1);
  expect(day.points.every((p, i) => p.t === day.points[0].t + i * HOUR)).toBe(true);
  expect(day.points.reduce((n, p) => n + p.sessions, 0)).toBe(3); // the range's sessions, each once
  const week = (await json(await t.get(`/v1/business?from=${NOW - 7 * DAY}&to=${NOW}`))).trend as Trend;
  expect(week.step).toBe('1d');
  expect(week.points).toHaveLength(Math.floor(NOW / DAY) - Math.floor((NOW - 7 * DAY) / DAY) + 1);
  expect(week.points.every((p) => p.t % DAY === 0)).toBe(true);
  expect(Math.max(...week.points.map((p) => p.users))).toBeGreaterThan(0);
});

describe('the query API', () => {
  it('refuses callers without a read token', async () => {
    const t = await createTestApp(NOW);
    for (const path of [
      '/v1/overview',
      '/v1/timeseries?metric=requests',
      '/v1/errors',
      '/v1/errors/abc',
      '/v1/business',
    ]) {
      expect((await t.get(path, null)).status).toBe(401);
    }
  });
});
