// The Workers probe (fetch, redirects left to the core), run here on Node's fetch against 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchProbe } from './fetch-probe';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/moved') return res.writeHead(301, { location: '/health' }).end('moved');
    res.writeHead(200).end(req.url === '/big' ? 'é'.repeat(100_000) : '{"status":"pass"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetch probe', () => {
  const probe = createFetchProbe();
  const req = (path: string, maxBodyBytes: number) => ({
    url: new URL(base + path),
    method: 'GET',
    signal: AbortSignal.timeout(5_000),
    maxBodyBytes,
  });

  it('does not follow redirects: the core does, checking each hop', async () => {
    expect(await probe(req('/moved', 0))).toEqual({ status: 301, location: '/health', body: '' });
  });

  it('reads the body up to the limit only', async () => {
    expect(await probe(req('/health', 1024))).toEqual({
      status: 200,
      location: null,
      body: '{"status":"pass"}',
    });
    // 2 bytes per é: the half character at the cut is dropped.
    expect((await probe(req('/big', 1001))).body).toBe('é'.repeat(500));
  });
});
