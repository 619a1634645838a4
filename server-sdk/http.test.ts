import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '../shared/server-protocol';
import type { ServerEventInput } from './events';
import { honoMiddleware, requestEvent, wrapFetch, type RequestMonitor } from './http';
import { createLogger, type LogLine, type Logger } from './logger';

/** A monitor whose clock moves 5 ms per read, remembering events and what afterRequest got. */
function monitor() {
  const events: ServerEventInput[] = [];
  const contexts: unknown[] = [];
  let now = 0;
  const m: RequestMonitor = {
    record: (e) => void events.push(e),
    now: () => (now += 5),
    afterRequest: (ctx) => void contexts.push(ctx),
  };
  return { m, events: events as RequestEvent[], contexts };
}

const ctx = {
  waitUntil: () => undefined,
  passThroughOnException: () => undefined,
  props: {},
} as unknown as ExecutionContext;

describe('requestEvent', () => {
  it("takes Cloudflare's country and colo, and the Content-Length", () => {
    const request = Object.assign(new Request('https://tool.example/api/x'), {
      cf: { country: 'NZ', colo: 'AKL' },
    });
    const response = new Response('hello', { status: 201, headers: { 'content-length': '5' } });
    expect(requestEvent(request, '/api/x', 12.345, response)).toEqual({
      kind: 'request',
      method: 'GET',
      route: '/api/x',
      status: 201,
      duration: 12.35,
      responseBytes: 5,
      country: 'NZ',
      colo: 'AKL',
    });
  });

  it('records a thrown error as a 500 with its message, and odd methods as OTHER', () => {
    const request = new Request('https://tool.example/', { method: 'm-search' });
    expect(requestEvent(request, '/', 1, undefined, new TypeError('x is undefined'))).toMatchObject({
      method: 'OTHER',
      status: 500,
      error: 'TypeError: x is undefined',
    });
  });
});

describe('wrapFetch', () => {
  const handler = async (request: Request) => {
    if (request.url.endsWith('/boom')) throw new Error('database exploded');
    return new Response('ok', { headers: { 'content-length': '2' } });
  };

  it('records the route pattern, status, duration and bytes, and flushes through ctx', async () => {
    const { m, events, contexts } = monitor();
    const fetch = wrapFetch(m, handler, { route: () => '/api/courses/:id' });
    const response = await fetch(new Request('https://tool.example/api/courses/123'), {}, ctx);
    expect(await response.text()).toBe('ok');
    expect(events).toEqual([
      {
        kind: 'request',
        method: 'GET',
        route: '/api/courses/:id',
        status: 200,
        duration: 5,
        responseBytes: 2,
        requestId: expect.any(String), // made: the request had no x-request-id
      },
    ]);
    expect(contexts).toEqual([ctx]);
  });

  it('replaces ids in the path when no route function is given, or when it fails', async () => {
    const { m, events } = monitor();
    await wrapFetch(m, handler)(
      new Request('https://tool.example/courses/42/quizzes/9f1c2d3e4f5a6b7c8d9e'),
      {},
      ctx,
    );
    await wrapFetch(m, handler, {
      route: () => {
        throw new Error('bad');
      },
    })(new Request('https://tool.example/u/7'), {}, ctx);
    expect(events.map((e) => e.route)).toEqual(['/courses/:id/quizzes/:id', '/u/:id']);
  });

  it('records a thrown error as a 500 and rethrows the very same error', async () => {
    const { m, events, contexts } = monitor();
    const fetch = wrapFetch(m, handler, { route: () => '/boom' });
    await expect(
      fetch(new Request('https://tool.example/boom', { method: 'POST' }), {}, ctx),
    ).rejects.toThrow('database exploded');
    expect(events).toEqual([
      {
        kind: 'request',
        method: 'POST',
        route: '/boom',
        status: 500,
        duration: 5,
        error: 'Error: database exploded',
        requestId: expect.any(String),
      },
    ]);
    expect(contexts).toHaveLength(1);
  });

  it('answers even when recording fails', async () => {
    const broken: RequestMonitor = {
      record: () => {
        throw new Error('full');
      },
      now: () => 0,
      afterRequest: () => undefined,
    };
    const response = await wrapFetch(broken, handler)(new Request('https://tool.example/'), {}, ctx);
    expect(response.status).toBe(200);
  });
});

describe('honoMiddleware', () => {
  function app(m: RequestMonitor) {
    const hono = new Hono();
    hono.use(honoMiddleware(m));
    hono.onError((err, c) =>
      err instanceof HTTPException ? err.getResponse() : c.text('internal error', 500),
    );
    hono.get('/api/courses/:id', (c) => c.json({ id: c.req.param('id') }));
    hono.route(
      '/lti',
      new Hono().post('/launch/:platform', (c) => c.text('launched')),
    );
    hono.get('/boom', () => {
      throw new Error('grade service down');
    });
    hono.get('/private', () => {
      throw new HTTPException(401, { message: 'no session' });
    });
    return hono;
  }

  it("records hono's matched route pattern, never the raw path", async () => {
    const { m, events, contexts } = monitor();
    const hono = app(m);
    await hono.fetch(new Request('https://tool.example/api/courses/123'), {}, ctx);
    await hono.fetch(new Request('https://tool.example/lti/launch/canvas', { method: 'POST' }), {}, ctx);
    await hono.fetch(new Request('https://tool.example/nowhere/77'));
    expect(events.map((e) => [e.method, e.route, e.status])).toEqual([
      ['GET', '/api/courses/:id', 200],
      ['POST', '/lti/launch/:platform', 200],
      ['GET', '/*', 404],
    ]);
    // Where the runtime gives an execution context (Workers) it is used; on Node there is none.
    expect(contexts).toEqual([ctx, ctx, undefined]);
  });

  it('records errors hono turned into responses, with their message', async () => {
    const { m, events } = monitor();
    const hono = app(m);
    expect((await hono.fetch(new Request('https://tool.example/boom'))).status).toBe(500);
    expect((await hono.fetch(new Request('https://tool.example/private'))).status).toBe(401);
    expect(events.map((e) => [e.route, e.status, e.error])).toEqual([
      ['/boom', 500, 'Error: grade service down'],
      ['/private', 401, 'Error: no session'],
    ]);
  });

  it("hands handlers a logger whose lines carry the request's id and route, and logs the error a request failed with", async () => {
    const { m, events } = monitor();
    const lines: LogLine[] = [];
    const hono = new Hono<{ Variables: { logger: Logger; requestId: string } }>();
    hono.use(honoMiddleware(m, (fields) => createLogger((l) => lines.push(l), {}, {}, Date.now, fields)));
    hono.get('/api/videos/:id', (c) => {
      c.get('logger').info('transcoding', { videoId: c.req.param('id') });
      throw new TypeError('ffmpeg exited 1');
    });
    const asked = new Request('https://tool.example/api/videos/7', {
      headers: { 'x-request-id': 'req-abc' },
    });
    expect((await hono.fetch(asked)).status).toBe(500);
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'transcoding',
        context: { videoId: '7' },
        requestId: 'req-abc',
        route: '/api/videos/:id',
      },
      {
        level: 'error',
        message: 'TypeError: ffmpeg exited 1',
        exception: {
          type: 'TypeError',
          message: 'ffmpeg exited 1',
          stack: expect.stringContaining('http.test.ts'),
        },
        requestId: 'req-abc',
        route: '/api/videos/:id',
      },
    ]);
    expect(events).toMatchObject([{ route: '/api/videos/:id', status: 500, requestId: 'req-abc' }]);
    // Without a usable x-request-id, one is made.
    await hono.fetch(
      new Request('https://tool.example/api/videos/8', { headers: { 'x-request-id': 'bad id!' } }),
    );
    expect(events[1].requestId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(lines[2].requestId).toBe(events[1].requestId);
  });
});
