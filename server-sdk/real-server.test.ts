// The SDK against a real collector: the Node server as a process on a free port
// with a temp DATA_DIR, and two instrumented host apps (hono, and a plain fetch
// handler) served over real HTTP. Then the collector is stopped, and then made
// to hang: the host apps keep answering, as fast, and nothing is thrown.
import { serve, type ServerType } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, startServer, type RunningServer } from '../e2e/server-process';
import { derivedSettled } from '../server/src/store/sqlite-group-commit';
import { openSqlite, sqliteExecutor } from '../server/src/store/sqlite';
import { createSqlStore } from '../server/src/store/sql-store';
import { createSightline, type Sightline } from './index';

const ADMIN = 'sl_admin_sdk_test';
let collector: RunningServer;
let collectorStopped = false;
const hosts: ServerType[] = [];

function listen(fetch: (request: Request) => Promise<Response> | Response, port: number): Promise<string> {
  return new Promise((resolve) =>
    hosts.push(serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(`http://127.0.0.1:${port}`))),
  );
}

/** A host app instrumented with the SDK: hono with a query through monitorQuery, and a plain handler. */
async function hostApps(sightline: Sightline) {
  const db = new Database(':memory:');
  db.exec(
    "CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO courses VALUES (42, 'Biology 101')",
  );
  const query = sightline.monitorQuery((sql: string, params: unknown[]) => db.prepare(sql).get(...params));
  const app = new Hono();
  app.use(sightline.honoMiddleware());
  app.get('/api/courses/:id', (c) =>
    c.json(query('SELECT title FROM courses WHERE id = ?', [Number(c.req.param('id'))])),
  );
  app.post('/lti/launch', (c) => {
    sightline.lti.launch({
      ok: true,
      duration: 120,
      platform: 'https://canvas.instructure.com',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    });
    sightline.logger.child({ requestId: c.req.header('x-request-id') }).info('launch');
    return c.text('launched');
  });
  const plain = sightline.wrapFetch(
    async (request: Request) => {
      sightline.feature('faq_query', { hit: new URL(request.url).searchParams.has('known') });
      return new Response('answer', { headers: { 'content-length': '6' } });
    },
    { route: () => '/faq' },
  );
  return {
    hono: await listen(app.fetch, await freePort()),
    plain: await listen((r) => plain(r, {}, undefined), await freePort()),
  };
}

/** Median and worst time of `n` GETs, and their statuses. */
async function timeRequests(url: string, n: number) {
  const times: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const response = await fetch(url);
    await response.text();
    times.push(performance.now() - start);
    statuses.add(response.status);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(n / 2)], worst: times[n - 1], statuses: [...statuses] };
}

beforeAll(async () => {
  collector = await startServer(({ host, port, dataDir }) => ({
    name: 'node collector',
    command: join(ROOT, 'node_modules/.bin/tsx'),
    args: ['server/src/runtime/node.ts'],
    env: {
      HOST: host,
      PORT: String(port),
      DATA_DIR: dataDir,
      SIGHTLINE_ADMIN_TOKEN: ADMIN,
      SIGHTLINE_SITE_KEY: 'sk_sdk_test',
    },
  }));
}, 60_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => new Promise((r) => h.close(r))));
  if (!collectorStopped) await collector.stop();
});

describe('the SDK against a real Node collector', () => {
  let sightline: Sightline;
  let urls: { hono: string; plain: string };
  let token: string;

  /**
   * Sums of one site's minute rollups around now, read through the store port over the collector's
   * own file, once the collector has written the derived rows of every batch it stored (its commit
   * thread answers a batch first, and derives it a few milliseconds later).
   */
  async function totals(metrics: string[], groupBy?: 'route' | 'dim') {
    const db = openSqlite(join(collector.dataDir, 'sightline.db'));
    await derivedSettled(db);
    const store = createSqlStore(sqliteExecutor(db));
    const [site] = await store.listSites();
    const minute = Math.floor(Date.now() / 60_000);
    return store.rollupTotals({
      siteId: site.id,
      fromMinute: minute - 5,
      toMinute: minute + 1,
      metrics,
      groupBy,
    });
  }

  it('delivers request, database, LTI, feature and log metrics that land in the rollups', async () => {
    const created = await fetch(`${collector.baseURL}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ name: 'atomic-guide backend', role: 'ingest' }),
    });
    ({ token } = (await created.json()) as { token: string });
    sightline = createSightline({
      endpoint: `${collector.baseURL}/v1/ingest/server`,
      token,
      service: 'atomic-guide',
      environment: 'test',
      timeoutMs: 2_000,
    });
    urls = await hostApps(sightline);

    for (let i = 0; i < 5; i++) expect((await fetch(`${urls.hono}/api/courses/42`)).status).toBe(200);
    await fetch(`${urls.hono}/lti/launch`, { method: 'POST', headers: { 'x-request-id': 'req-1' } });
    await fetch(`${urls.plain}/anything?known=1`);
    await fetch(`${urls.plain}/else`);
    await sightline.flush();
    expect(sightline.stats()).toMatchObject({
      sent: 17,
      queued: 0,
      failures: 0,
      dropped: { overflow: 0, rejected: 0 },
    });

    expect((await totals(['request.duration'], 'route')).map((r) => [r.group, r.count]).sort()).toEqual([
      ['GET /api/courses/:id', 5],
      ['GET /faq', 2],
      ['POST /lti/launch', 1],
    ]);
    expect((await totals(['db.duration'], 'dim')).map((r) => [r.group, r.count])).toEqual([
      ['SELECT title FROM courses WHERE id = ?', 5],
    ]);
    expect((await totals(['lti.launch'], 'dim')).map((r) => [r.group, r.count, r.sum])).toEqual([
      ['canvas.instructure.com', 1, 120],
    ]);
    expect((await totals(['feature.faq_query'], 'dim')).map((r) => [r.group, r.count]).sort()).toEqual([
      ['hit', 1],
      ['miss', 1],
    ]);
    expect((await totals(['log.info']))[0].count).toBe(1);
  }, 30_000);

  it('resends a batch whose answer was lost, whole, and the collector counts it once', async () => {
    // The collector stores the first batch, but its 202 never reaches the SDK.
    let lose = 1;
    const lossy = async (input: string, init: RequestInit) => {
      const response = await fetch(input, init);
      return lose-- > 0 ? new Response('answer lost', { status: 503 }) : response;
    };
    const sdk = createSightline({
      endpoint: `${collector.baseURL}/v1/ingest/server`,
      token,
      service: 'atomic-guide',
      fetch: lossy,
      timeoutMs: 2_000,
    });
    for (let i = 0; i < 3; i++) sdk.feature('retry_probe');
    await sdk.flush();
    expect(sdk.stats()).toMatchObject({ sent: 0, queued: 3, failures: 1 });
    sdk.feature('retry_probe'); // waits in a batch of its own
    for (let i = 0; i < 40 && sdk.stats().queued > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sdk.flush();
    }
    expect(sdk.stats()).toMatchObject({ sent: 4, queued: 0, failures: 0 });
    expect((await totals(['feature.retry_probe']))[0].count).toBe(4);
  }, 30_000);

  it('keeps the host apps answering, as fast and without errors, when the collector is down', async () => {
    const up = await timeRequests(`${urls.hono}/api/courses/42`, 30);
    await sightline.flush();
    await collector.stop();
    collectorStopped = true;

    const down = await timeRequests(`${urls.hono}/api/courses/42`, 30);
    const plain = await timeRequests(`${urls.plain}/faq`, 30);
    await sightline.flush(); // connection refused: counted, kept, never thrown
    expect(down.statuses).toEqual([200]);
    expect(plain.statuses).toEqual([200]);
    // Sends happen in the background; a refused connection costs the request nothing.
    console.log(
      `host app median/worst: collector up ${up.median.toFixed(2)}/${up.worst.toFixed(2)} ms, down ${down.median.toFixed(2)}/${down.worst.toFixed(2)} ms`,
    );
    expect(down.median).toBeLessThan(up.median + 10);
    // Nothing lost yet: what the timed requests recorded while it was up was sent
    // (30 × request + query); what they recorded since waits for it to come back.
    const stats = sightline.stats();
    expect(stats).toMatchObject({ sent: 17 + 60, queued: 60 + 60, dropped: { overflow: 0, rejected: 0 } });
    expect(stats.failures).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('and when the collector accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const blackHole: Server = createServer((socket) => void sockets.push(socket));
    const port = await new Promise<number>((resolve) =>
      blackHole.listen(0, '127.0.0.1', () => resolve((blackHole.address() as { port: number }).port)),
    );
    const stuck = createSightline({
      endpoint: `http://127.0.0.1:${port}/v1/ingest/server`,
      token: 'x',
      batchSize: 5,
      timeoutMs: 60_000,
    });
    const app = new Hono().use(stuck.honoMiddleware()).get('/x', (c) => c.text('fine'));
    const url = await listen(app.fetch, await freePort());
    const timing = await timeRequests(`${url}/x`, 30);
    expect(timing.statuses).toEqual([200]);
    expect(timing.worst).toBeLessThan(500);
    expect(sockets.length).toBeGreaterThan(0); // a send is in flight, and nobody waits for it
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => blackHole.close(r));
  }, 30_000);
});
