// The Durable Objects as Worker isolates share them. The rate limit's: Miniflare runs two
// workers bound to one RateLimitObject namespace, the way requests for one site land on
// different isolates. A per-isolate bucket would let each of them take the whole burst.
import { Miniflare } from 'miniflare';
import { afterAll, expect, it } from 'vitest';
import { MAX_STREAMS_PER_TOKEN } from '../routes/dashboard';
import { workerScript } from '../../test/workerd';

const running: Miniflare[] = [];
afterAll(() => Promise.all(running.splice(0).map((mf) => mf.dispose())));

/** worker-objects.ts bundled as Miniflare runs it, with a fetch that takes `?n=` tokens for `?site=`. */
async function script(): Promise<string> {
  const entry = `export { RateLimitObject, LiveHubObject } from './worker-objects';
    export default {
      async fetch(req, env) {
        const url = new URL(req.url);
        if (url.pathname === '/stream') {
          const hub = env.LIVE.get(env.LIVE.idFromName('live'));
          return hub.fetch(new Request(req.url, { headers: { 'x-sightline-token-id': url.searchParams.get('token') } }));
        }
        const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(url.searchParams.get('site')));
        return Response.json({ wait: await stub.take(Number(url.searchParams.get('n')), Number(url.searchParams.get('now'))) });
      },
    };`;
  return workerScript(entry, new URL('.', import.meta.url));
}

it('holds one token bucket per site across isolates, with the Node defaults', async () => {
  const code = await script();
  const bindings = { SIGHTLINE_RATE_LIMIT: '10', SIGHTLINE_RATE_BURST: '1' };
  const mf = new Miniflare({
    workers: [
      {
        name: 'a',
        modules: true,
        script: code,
        compatibilityDate: '2026-04-01',
        bindings,
        durableObjects: { RATE_LIMITER: 'RateLimitObject' },
      },
      {
        name: 'b',
        modules: true,
        script: code,
        compatibilityDate: '2026-04-01',
        bindings,
        durableObjects: { RATE_LIMITER: { className: 'RateLimitObject', scriptName: 'a' } },
      },
    ],
  });
  running.push(mf);
  const take = async (worker: 'a' | 'b', site: string, n: number, now: number) => {
    const res = await (await mf.getWorker(worker)).fetch(`http://limit.test/?site=${site}&n=${n}&now=${now}`);
    return ((await res.json()) as { wait: number }).wait;
  };
  // 10 events/s with a 1 s burst: 6 through one isolate, then 6 through the other is over it.
  expect(await take('a', 'site_a', 6, 1_000)).toBe(0);
  expect(await take('b', 'site_a', 6, 1_000)).toBe(200);
  // Another site has a bucket of its own.
  expect(await take('b', 'site_b', 6, 1_000)).toBe(0);
  // Refilled by 2 tokens after 0.2 s: 6 pass, and the bucket is empty for the other isolate.
  expect(await take('a', 'site_a', 6, 1_200)).toBe(0);
  expect(await take('b', 'site_a', 2, 1_200)).toBe(200);
}, 60_000);

it('caps the live streams one token holds, across isolates, and gives a slot back when a stream ends', async () => {
  const mf = new Miniflare({
    modules: true,
    script: await script(),
    compatibilityDate: '2026-04-01',
    durableObjects: { LIVE: 'LiveHubObject', RATE_LIMITER: 'RateLimitObject' },
  });
  running.push(mf);
  const worker = await mf.getWorker();
  const open = (token: string) => worker.fetch(`http://live.test/stream?token=${token}`);
  const held = [];
  for (let i = 0; i < MAX_STREAMS_PER_TOKEN; i++) {
    const res = await open('tok_a');
    expect(res.status).toBe(200);
    held.push(res);
  }
  const refused = await open('tok_a');
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('30');
  expect(((await refused.json()) as { error: string }).error).toContain('at most 10');
  // Another token has slots of its own.
  const other = await open('tok_b');
  expect(other.status).toBe(200);
  await other.body?.cancel();
  // A dashboard closing its tab ends its stream: the slot comes back once the hub's next
  // write finds the client gone (a heartbeat, every 15 s, at the latest).
  await held.pop()!.body!.cancel();
  await expect
    .poll(
      async () => {
        const res = await open('tok_a');
        if (res.status === 200) held.push(res);
        else await res.body?.cancel();
        return res.status;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(200);
  for (const res of held) await res.body?.cancel();
}, 120_000);
