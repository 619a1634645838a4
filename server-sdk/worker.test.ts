// The SDK inside workerd (Miniflare): bundled as a Worker would bundle it, with
// a real D1, ctx.waitUntil for the flush, and the collector as the outbound fetch.
import { build } from 'esbuild';
import { Miniflare, type Request as MiniflareRequest } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerBatchSchema, ServerEventSchema, type ServerEvent } from '../shared/server-protocol';

const worker = `
import { createSightline } from './server-sdk/index.ts';
const sightline = createSightline({ endpoint: 'https://collector.test/v1/ingest/server', token: 'sl_ingest_w', service: 'worker-tool' });
export default {
  fetch: sightline.wrapFetch(async (request, env) => {
    const db = sightline.monitorD1(env.DB);
    await db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
    await db.prepare('INSERT OR REPLACE INTO t (id, v) VALUES (?, ?)').bind(1, 'secret value').run();
    const row = await db.prepare('SELECT v FROM t WHERE id = ?').bind(1).first();
    sightline.logger.info('served', { path: new URL(request.url).pathname });
    return Response.json(row);
  }, { route: () => '/items/:id' }),
};
`;

describe('in workerd', async () => {
  const received: ServerEvent[] = [];
  const authorizations: string[] = [];
  const { outputFiles } = await build({
    stdin: { contents: worker, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  const mf = new Miniflare({
    modules: true,
    script: outputFiles[0].text,
    compatibilityDate: '2025-01-01',
    d1Databases: ['DB'],
    outboundService: async (request: MiniflareRequest) => {
      authorizations.push(request.headers.get('authorization') ?? '');
      const batch = ServerBatchSchema.parse(await request.json());
      received.push(...batch.events.map((e) => ServerEventSchema.parse(e)));
      return Response.json({ accepted: batch.events.length, rejected: 0, duplicates: 0 }, { status: 202 });
    },
  });
  afterAll(() => mf.dispose());

  it('answers, then sends request, D1 and log events through ctx.waitUntil', async () => {
    const response = await mf.dispatchFetch('https://tool.example/items/1');
    expect(await response.json()).toEqual({ v: 'secret value' });
    // waitUntil work finishes after the response; poll for it.
    for (let i = 0; i < 100 && received.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received.map((e) => e.kind).sort()).toEqual(['db', 'db', 'db', 'log', 'request']);
    expect(received.find((e) => e.kind === 'request')).toMatchObject({
      route: '/items/:id',
      status: 200,
      method: 'GET',
    });
    expect(JSON.stringify(received)).not.toContain('secret value');
    expect(authorizations[0]).toBe('Bearer sl_ingest_w');
  });
});
