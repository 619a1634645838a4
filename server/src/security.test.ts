// The low-severity findings of the attack on the server (issue 18), each as a user
// or an attacker would meet it: body limits on the admin POSTs, nosniff on every
// answer, the rate limit taken before events are validated, a cap on live streams
// per token; and, on the real Node runtime, a slow body no longer holding its
// connection for Node's default 300 s.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveHub } from './core/live';
import { createRateLimiter } from './core/rate-limit';
import { MAX_STREAMS_PER_TOKEN } from './routes/dashboard';
import { ADMIN_TOKEN, batch, createTestApp, json } from '../test/app';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

describe('security headers and limits', () => {
  it('refuses a large body on POST /v1/sites and /v1/tokens before reading it (413)', async () => {
    const t = await createTestApp();
    const big = JSON.stringify({ name: 'x'.repeat(200_000), role: 'read', origins: [] });
    for (const path of ['/v1/sites', '/v1/tokens']) {
      const res = await t.request(path, { method: 'POST', headers: admin, body: big });
      expect({ path, status: res.status }).toEqual({ path, status: 413 });
      expect((await json(res)).error).toMatch(/body over 65536 bytes/);
    }
    const ok = await t.request('/v1/tokens', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'r', role: 'read' }),
    });
    expect(ok.status).toBe(201);
  });

  it('sends X-Content-Type-Options: nosniff on answers of every kind', async () => {
    const t = await createTestApp();
    const answers = [
      await t.get('/v1/sites'),
      await t.get('/v1/sites', null),
      await t.get('/v1/nothing-here'),
      await t.get('/v1/alerts?bogus=1'),
      await t.post('/v1/ingest', batch([{ kind: 'pageview', id: 'pv-nosniff-1', t: t.clock.now }])),
      await t.request('/v1/ingest', { method: 'OPTIONS', headers: { origin: 'https://tool.example' } }),
      await t.get('/livez', null),
      await t.get('/dashboard', null),
    ];
    expect(answers.map((r) => [r.status, r.headers.get('x-content-type-options')])).toEqual(
      [200, 401, 404, 400, 202, 204, 200, 200].map((s) => [s, 'nosniff']),
    );
  });

  it('answers 429 from the batch size before validating its events', async () => {
    const t = await createTestApp(undefined, { rateLimit: createRateLimiter(10, 1) });
    const good = Array.from({ length: 10 }, (_, i) => ({
      kind: 'pageview',
      id: `pv-rl-${i}-xx`,
      t: t.clock.now,
    }));
    expect((await t.post('/v1/ingest', batch(good))).status).toBe(202);
    // Ten events none of which is valid: with the bucket empty, 429 (validation would have said 400).
    const bad = Array.from({ length: 10 }, () => ({ kind: 'nonsense' }));
    const res = await t.post('/v1/ingest', batch(bad));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    // An unknown key or a malformed envelope still gets its own answer.
    const one = [{ kind: 'pageview', id: 'pv-rl-unknown', t: t.clock.now }];
    expect((await t.post('/v1/ingest', batch(one, { siteKey: 'sk_unknown' }))).status).toBe(401);
    expect((await t.post('/v1/ingest', { siteKey: 1, events: bad })).status).toBe(400);
  });

  it('answers server batches 429 from their size before validating their events too', async () => {
    const t = await createTestApp(undefined, { rateLimit: createRateLimiter(10, 1) });
    const post = (events: unknown[]) =>
      t.request('/v1/ingest/server', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        body: JSON.stringify({ sentAt: t.clock.now, service: 'tool', events }),
      });
    const good = Array.from({ length: 10 }, (_, i) => ({
      kind: 'log',
      id: `log-rl-${i}`,
      t: t.clock.now,
      level: 'info',
      message: 'ok',
    }));
    expect((await post(good)).status).toBe(202);
    const res = await post(Array.from({ length: 10 }, () => ({ kind: 'nonsense' })));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it(`holds at most ${MAX_STREAMS_PER_TOKEN} live streams per token; a closed one frees its place`, async () => {
    const live = createLiveHub();
    stops.push(() => live.close());
    const t = await createTestApp(undefined, { live });
    const streams: Response[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_TOKEN; i++) {
      const res = await t.get('/v1/stream');
      expect(res.status).toBe(200);
      streams.push(res);
    }
    const over = await t.get('/v1/stream');
    expect(over.status).toBe(429);
    expect((await json(over)).error).toMatch(/already holds 10 live streams/);
    await streams.pop()!.body!.cancel();
    const again = await t.get('/v1/stream');
    expect(again.status).toBe(200);
    await Promise.all([again, ...streams].map((s) => s.body!.cancel()));
  });
});

describe('the Node runtime', () => {
  it('sends nosniff on static files, and closes a connection whose headers or body never finish', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const root = new URL('../../', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/runtime/node.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'sightline-sec-')) },
    });
    stops.push(() => child.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => (out += d) && out.includes('listening on') && resolve());
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    // The static files (served beside the app on Node) carry nosniff too.
    for (const path of ['/sightline.js', '/dashboard/app.js', '/livez']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      await res.body?.cancel();
      expect({ path, nosniff: res.headers.get('x-content-type-options') }).toEqual({
        path,
        nosniff: 'nosniff',
      });
    }
    // Half the headers then nothing; whole headers and 10 of 1,000 body bytes then nothing:
    // the server must hang up (408) by itself on both.
    const stall = (head: string) => {
      const socket = connect(port, '127.0.0.1');
      socket.write(head);
      let answer = '';
      socket.on('data', (d) => (answer += d));
      const start = Date.now();
      return new Promise<{ answer: string; ms: number }>((resolve) =>
        socket.on('close', () => resolve({ answer, ms: Date.now() - start })),
      );
    };
    const [headers, body] = await Promise.all([
      stall('POST /v1/ingest HTTP/1.1\r\nHost: x\r\n'),
      stall('POST /v1/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"siteKey":'),
    ]);
    // Node's default would be 300 s; the server's own timeouts are 10 s and 30 s (checked every 2 s).
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    // (Without them Node's 300 s would outlast this test's own timeout.)
    console.log(`stalled headers closed after ${headers.ms} ms, stalled body after ${body.ms} ms`);
  }, 180_000);
});
