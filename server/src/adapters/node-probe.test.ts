// The Node probe against real HTTP servers on 127.0.0.1: what it sends when
// allowed, and that a refused target gets no connection at all.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckInputSchema } from '../../../shared/checks';
import { addressPolicy, TargetRefused, type AddressPolicy } from '../core/synthetic/guard';
import { runCheck } from '../core/synthetic/run';
import type { ProbeRequest } from '../ports';
import { createNodeProbe, type NodeProbeOptions } from './node-probe';

let server: Server;
let base: string;
let port: number;
/** TCP connections the server accepted: a refused target must add none. */
let connections = 0;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers['user-agent']}`);
    if (req.url === '/health')
      return res.writeHead(200, { 'content-type': 'application/health+json' }).end('{"status":"pass"}');
    if (req.url === '/big') return res.writeHead(200).end('x'.repeat(200_000));
    if (req.url?.startsWith('/to?'))
      return res.writeHead(302, { location: decodeURIComponent(req.url.slice(4)) }).end();
    res.writeHead(404).end('not here');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (url: string, maxBodyBytes = 0): ProbeRequest => ({
  url: new URL(url),
  method: 'GET',
  signal: AbortSignal.timeout(5_000),
  maxBodyBytes,
});
const check = (url: string, extra: Record<string, unknown> = {}) => ({
  ...CheckInputSchema.parse({ name: 'c', url, ...extra }),
  id: 'c',
  site: 's',
});

describe('Node probe', () => {
  it('with private targets allowed, sends one request and reports status, location and body', async () => {
    const probe = createNodeProbe({ policy: addressPolicy(true) });
    expect(await probe(request(`${base}/health`, 1024))).toEqual({
      status: 200,
      location: null,
      body: '{"status":"pass"}',
    });
    expect(await probe(request(`${base}/to?%2Fhealth`))).toEqual({
      status: 302,
      location: '/health',
      body: '',
    });
    expect((await probe(request(`${base}/big`, 1000))).body).toHaveLength(1000);
    expect(hits.at(-1)).toMatch(/^GET \/big Sightline-Check/);
  });

  it('refuses loopback, private and metadata targets when not allowed, without connecting', async () => {
    const strict = addressPolicy(false);
    // Host names are resolved by a stand-in resolver: no real DNS, and a name can point anywhere.
    const resolve: NodeProbeOptions['resolve'] = async (host) =>
      ({
        'metadata.test': [{ address: '169.254.169.254', family: 4 }],
        'mixed.test': [
          { address: '8.8.8.8', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ],
      })[host] ?? [];
    const probe = createNodeProbe({ policy: strict, resolve });
    const before = connections;
    const targets = [
      [`${base}/health`, /^refused: 127\.0\.0\.1 is a loopback address/],
      [`http://[::ffff:127.0.0.1]:${port}/health`, /^refused: ::ffff:7f00:1 is a loopback address/],
      ['http://10.0.0.1/', /^refused: 10\.0\.0\.1 is a private address/],
      [
        'http://169.254.169.254/latest/meta-data/',
        /^refused: 169\.254\.169\.254 is a cloud metadata address$/,
      ],
      [
        `http://metadata.test:${port}/`,
        /^refused: metadata\.test resolves to 169\.254\.169\.254 is a cloud metadata address/,
      ],
      // Every resolved address must pass, not just the first.
      [
        `http://mixed.test:${port}/health`,
        /^refused: mixed\.test resolves to 127\.0\.0\.1 is a loopback address/,
      ],
    ] as const;
    for (const [url, reason] of targets) {
      const error = await probe(request(url)).then(
        () => null,
        (e: Error) => e,
      );
      expect(error, url).toBeInstanceOf(TargetRefused);
      expect(error!.message).toMatch(reason);
    }
    expect(connections).toBe(before);
  });

  it('refuses `localhost` through the system resolver', async () => {
    const before = connections;
    const error = await createNodeProbe({ policy: addressPolicy(false) })(
      request(`http://localhost:${port}/health`),
    ).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TargetRefused);
    expect((error as Error).message).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address/,
    );
    expect(connections).toBe(before);
  });

  it('refuses a redirect to a private address, by literal or by name', async () => {
    // Only the test server's own address counts as public here.
    const policy: AddressPolicy = (ip) => (ip === '127.0.0.1' ? null : addressPolicy(false)(ip));
    const resolve: NodeProbeOptions['resolve'] = async (host) =>
      host === 'intranet.test' ? [{ address: '10.1.2.3', family: 4 }] : [];
    const probe = createNodeProbe({ policy, resolve });
    const deps = { probe, policy, clock: Date.now };
    const before = connections;
    const literal = await runCheck(check(`${base}/to?${encodeURIComponent('http://10.0.0.1/admin')}`), deps);
    expect(literal).toMatchObject({
      ok: false,
      status: null,
      error: expect.stringMatching(
        /^redirect to http:\/\/10\.0\.0\.1\/admin refused: 10\.0\.0\.1 is a private address/,
      ),
    });
    const named = await runCheck(
      check(`${base}/to?${encodeURIComponent(`http://intranet.test:${port}/health`)}`),
      deps,
    );
    expect(named).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^refused: intranet\.test resolves to 10\.1\.2\.3 is a private address/),
    });
    expect(connections - before).toBe(2); // the two first hops only
    const followed = await runCheck(
      check(`${base}/to?%2Fhealth`, { expectedBody: { path: '$.status', equals: 'pass' } }),
      deps,
    );
    expect(followed).toMatchObject({ ok: true, status: 200, error: null });
  });
});
