// The checks API in-process, and a real check against a target on 127.0.0.1
// that goes down and up, run by the scheduler on a fake clock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeProbe } from '../adapters/node-probe';
import { createScheduler } from '../core/scheduler';
import { addressPolicy } from '../core/synthetic/guard';
import { createCheckJob } from '../core/synthetic/job';
import { ADMIN_TOKEN, createTestApp, json } from '../../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);

async function withRead(t: Awaited<ReturnType<typeof createTestApp>>) {
  const res = await t.request('/v1/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'ro', role: 'read' }),
  });
  return (await json(res)).token as string;
}

function send(
  t: Awaited<ReturnType<typeof createTestApp>>,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN_TOKEN,
) {
  return t.request(path, {
    method,
    headers: { authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('/v1/checks', () => {
  it('creates, lists, replaces and deletes checks, with defaults filled in', async () => {
    const t = await createTestApp(NOW);
    const created = await send(t, 'POST', '/v1/checks', {
      name: 'LTI config',
      url: 'https://tool.example/lti/config',
    });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^chk_/),
      site: t.site.id,
      name: 'LTI config',
      method: 'GET',
      expectedStatus: '2xx',
      timeoutSeconds: 10,
      intervalSeconds: 60,
      enabled: true,
      source: 'api',
      state: {
        status: 'unknown',
        consecutiveFailures: 0,
        consecutiveSuccesses: 0,
        lastRun: null,
        nextRunAt: NOW,
      },
      uptime: { range: '24h', total: 0, successful: 0, percent: null },
    });
    const put = await send(t, 'PUT', `/v1/checks/${body.id}`, {
      name: 'LTI config',
      url: 'https://tool.example/lti/config',
      intervalSeconds: 300,
    });
    expect(put.status).toBe(200);
    expect((await json(put)).intervalSeconds).toBe(300);
    expect(
      (await send(t, 'PUT', '/v1/checks/home', { name: 'Home', url: 'https://tool.example/' })).status,
    ).toBe(201);
    const list = await json(await t.get('/v1/checks', await withRead(t)));
    expect(list.checks.map((c: { id: string }) => c.id).sort()).toEqual([body.id, 'home'].sort());
    expect((await send(t, 'DELETE', '/v1/checks/home')).status).toBe(204);
    expect((await send(t, 'DELETE', '/v1/checks/home')).status).toBe(404);
    expect((await t.get('/v1/checks/home')).status).toBe(404);
  });

  it('lists a bounded page at a time, with a cursor to the next', async () => {
    const t = await createTestApp(NOW);
    for (const name of ['A', 'B', 'C']) {
      expect(
        (await send(t, 'POST', '/v1/checks', { name, url: `https://tool.example/${name}` })).status,
      ).toBe(201);
    }
    const first = await json(await send(t, 'GET', '/v1/checks?limit=2'));
    expect(first.checks.map((c: { name: string }) => c.name)).toEqual(['A', 'B']);
    expect(first.nextCursor).toBe('2');
    const rest = await json(await send(t, 'GET', `/v1/checks?limit=2&cursor=${first.nextCursor}&range=24h`));
    expect(rest).toMatchObject({ checks: [{ name: 'C' }], nextCursor: null });
    const bad = await send(t, 'GET', '/v1/checks?limit=0');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/^limit/);
  });

  it('answers 400 naming the field, 401/403 without the role, 409 on a taken id', async () => {
    const t = await createTestApp(NOW);
    const cases: [unknown, string, RegExp][] = [
      [{ url: 'https://x.example/' }, 'name', /expected string/],
      [{ name: 'a', url: 'ftp://x.example/' }, 'url', /http:\/\/ or https:\/\//],
      [{ name: 'a', url: 'https://x.example/', intervalSeconds: 10 }, 'intervalSeconds', />=30/],
      [{ name: 'a', url: 'https://x.example/', timeoutSeconds: 90 }, 'timeoutSeconds', /<=60/],
      [
        { name: 'a', url: 'https://x.example/', intervalSeconds: 30, timeoutSeconds: 45 },
        'timeoutSeconds',
        /must not exceed intervalSeconds/,
      ],
      [{ name: 'a', url: 'https://x.example/', expectedStatus: 'ok' }, 'expectedStatus', /2xx/],
      [
        { name: 'a', url: 'https://x.example/', expectedBody: { contains: '' } },
        'expectedBody.contains',
        /./,
      ],
      [
        { name: 'a', url: 'https://x.example/', expectedBody: { path: 'status', equals: 1 } },
        'expectedBody.path',
        /JSON path/,
      ],
      [{ name: 'a', url: 'https://x.example/', retries: 3 }, '', /retries/],
      [{ name: 'a', url: 'https://x.example/', site: 'site_nope' }, 'site', /no site site_nope/],
      [{ name: 'a', url: 'http://169.254.169.254/' }, 'url', /cloud metadata address/],
      [
        { name: 'a', url: 'http://127.0.0.1:8787/livez' },
        'url',
        /loopback address \(set SIGHTLINE_ALLOW_PRIVATE_TARGETS=true/,
      ],
      [{ id: 'Bad Id', name: 'a', url: 'https://x.example/' }, 'id', /lower-case/],
    ];
    for (const [input, path, message] of cases) {
      const res = await send(t, 'POST', '/v1/checks', input);
      expect(res.status, JSON.stringify(input)).toBe(400);
      const err = await json(res);
      expect(err.path ?? '', JSON.stringify(input)).toBe(path);
      expect(err.error).toMatch(message);
    }
    expect(
      (
        await t.request('/v1/checks', {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          body: '{',
        })
      ).status,
    ).toBe(400);
    expect((await t.get('/v1/checks', null)).status).toBe(401);
    const read = await withRead(t);
    expect((await send(t, 'POST', '/v1/checks', { name: 'a', url: 'https://x.example/' }, read)).status).toBe(
      403,
    );
    expect(
      (await send(t, 'POST', '/v1/checks', { id: 'a', name: 'a', url: 'https://x.example/' })).status,
    ).toBe(201);
    expect(
      (await send(t, 'POST', '/v1/checks', { id: 'a', name: 'a', url: 'https://x.example/' })).status,
    ).toBe(409);
    expect((await t.get('/v1/checks/a/uptime?range=1y')).status).toBe(400);
  });

  it('allows private targets when the deployment does', async () => {
    const t = await createTestApp(NOW, { allowPrivateTargets: true });
    expect((await send(t, 'POST', '/v1/checks', { name: 'a', url: 'http://10.0.0.5/health' })).status).toBe(
      201,
    );
    expect((await send(t, 'POST', '/v1/checks', { name: 'b', url: 'http://169.254.169.254/' })).status).toBe(
      400,
    );
  });
});

describe('a check against a local target that goes down and up', () => {
  let target: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve())));

  it('turns DOWN after 3 failures, UP after 2 successes, and counts uptime', async () => {
    let reply = { status: 200, health: 'pass' };
    const serve = () =>
      createServer((_, res) =>
        res
          .writeHead(reply.status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: reply.health })),
      );
    target = serve();
    await new Promise<void>((resolve) => target!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;

    // 127.0.0.1 is allowed in this test only, as SIGHTLINE_ALLOW_PRIVATE_TARGETS=true would.
    const t = await createTestApp(NOW, { allowPrivateTargets: true });
    const created = await send(t, 'POST', '/v1/checks', {
      id: 'tool-health',
      name: 'Tool health',
      url,
      intervalSeconds: 30,
      expectedBody: { path: '$.status', equals: 'pass' },
    });
    expect(created.status).toBe(201);
    const policy = addressPolicy(true);
    const scheduler = createScheduler(
      () => t.clock.now,
      [
        createCheckJob({
          store: t.store,
          clock: () => t.clock.now,
          probe: createNodeProbe({ policy }),
          policy,
        }),
      ],
    );

    const state = async () => (await json(await t.get('/v1/checks/tool-health'))).state;
    const step = async (status: number, health = status === 200 ? 'pass' : 'fail') => {
      reply = { status, health };
      await scheduler.tick();
      t.clock.now += 30_000;
      return state();
    };
    expect(await step(200)).toMatchObject({ status: 'up', consecutiveSuccesses: 1 });
    expect(await step(503)).toMatchObject({
      status: 'up',
      consecutiveFailures: 1,
      lastRun: { ok: false, status: 503 },
    });
    expect(await step(503)).toMatchObject({ status: 'up', consecutiveFailures: 2 });
    // 200, but the body says otherwise: the body assertion fails the run.
    expect(await step(200, 'fail')).toMatchObject({
      status: 'down',
      consecutiveFailures: 3,
      since: NOW + 90_000,
      lastRun: { status: 200, error: '$.status is "fail", expected "pass"' },
    });
    // Gone altogether: connection refused.
    await new Promise<void>((resolve) => target!.close(() => resolve()));
    await scheduler.tick();
    t.clock.now += 30_000;
    expect(await state()).toMatchObject({
      status: 'down',
      consecutiveFailures: 4,
      lastRun: { ok: false, status: null, error: expect.stringMatching(/ECONNREFUSED/) },
    });
    target = serve();
    await new Promise<void>((resolve) => target!.listen(Number(new URL(url).port), '127.0.0.1', resolve));
    expect(await step(200)).toMatchObject({ status: 'down', consecutiveSuccesses: 1 });
    expect(await step(200)).toMatchObject({ status: 'up', consecutiveSuccesses: 2, since: NOW + 6 * 30_000 });

    const uptime = await json(await t.get('/v1/checks/tool-health/uptime?range=1h'));
    expect(uptime).toMatchObject({
      id: 'tool-health',
      range: '1h',
      total: 7,
      successful: 3,
      percent: 42.857,
    });
    const one = await json(await t.get('/v1/checks/tool-health?range=1h'));
    expect(one.runs.map((r: { ok: boolean }) => (r.ok ? '+' : '-')).join('')).toBe('++----+');
    // The runs list pages by time: 3, 3, then the last one, the same runs in the same order.
    const pages: string[] = [];
    let cursor = '';
    do {
      const page = await json(
        await t.get(`/v1/checks/tool-health/runs?limit=3${cursor && `&cursor=${cursor}`}`),
      );
      pages.push(page.runs.map((r: { ok: boolean }) => (r.ok ? '+' : '-')).join(''));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(pages).toEqual(['++-', '---', '+']);
    const bad = await t.get('/v1/checks/tool-health/runs?limit=5000');
    expect(bad.status).toBe(400);
    expect((await json(bad)).path).toBe('limit');
    expect((await json(await t.get('/v1/checks'))).checks[0].uptime).toMatchObject({
      range: '24h',
      total: 7,
      successful: 3,
    });
  });
});

describe('/v1/checks settings: pause and run now', () => {
  it('pauses and resumes a check, keeping its definition, and runs one now against 127.0.0.1', async () => {
    const t = await createTestApp(NOW, { allowPrivateTargets: true });
    let answer = 200;
    const server = createServer((_req, res) => res.writeHead(answer).end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
      await send(t, 'POST', '/v1/checks', { id: 'tool', name: 'Tool', url, intervalSeconds: 120 });
      const paused = await json(await send(t, 'PATCH', '/v1/checks/tool', { enabled: false }));
      expect(paused).toMatchObject({ id: 'tool', enabled: false, intervalSeconds: 120, url });
      expect(await t.store.claimDueChecks(NOW + 3_600_000)).toEqual([]);
      expect((await json(await send(t, 'PATCH', '/v1/checks/tool', { enabled: true }))).enabled).toBe(true);
      const bad = await send(t, 'PATCH', '/v1/checks/tool', { intervalSeconds: 5 });
      expect((await json(bad)).path).toBe('intervalSeconds');
      expect((await send(t, 'PATCH', '/v1/checks/nope', { enabled: false })).status).toBe(404);

      const ran = await json(await send(t, 'POST', '/v1/checks/tool/run'));
      expect(ran.run).toMatchObject({ checkId: 'tool', ok: true, status: 200 });
      expect(ran.state).toMatchObject({ status: 'up', consecutiveSuccesses: 1 });
      answer = 503;
      t.clock.now += 1_000; // runs are kept by check and start time
      const failed = await json(await send(t, 'POST', '/v1/checks/tool/run'));
      expect(failed.run).toMatchObject({ ok: false, status: 503 });
      expect((await json(await send(t, 'GET', '/v1/checks/tool'))).runs).toHaveLength(2);
      expect((await send(t, 'POST', '/v1/checks/nope/run')).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
