// GET /v1/logs, /v1/logs/exceptions and /v1/logs/exceptions/:fingerprint through the
// app, from lines the SDK sent (POST /v1/ingest/server), on the Node store and on D1:
// search, filters, cursor paging newest first, scrubbing, exceptions and their logs.
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { bootstrap } from './core/bootstrap';
import type { Store } from './ports';
import { readMigrations } from './store/migration-files';
import { createWorkerStore } from './store/worker-store';
import { openD1 } from '../test/d1';
import { ADMIN_TOKEN, json, openTestStore } from '../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const STACK = 'Error: ffmpeg exited 1\n    at transcode (/app/src/video.ts:40:11)';

async function appOver(store: Store) {
  await bootstrap(store, () => NOW, { adminToken: ADMIN_TOKEN, siteKey: 'sk_logs', origins: [] });
  const app = createApp({ store, clock: () => NOW });
  const request = (path: string, init: RequestInit = {}) =>
    app.fetch(new Request(`http://127.0.0.1${path}`, init));
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  return {
    ingest: (events: object[], release?: string) =>
      request('/v1/ingest/server', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ sentAt: NOW, service: 'tool', ...(release && { release }), events }),
      }),
    get: async (path: string) => {
      const res = await request(path, { headers: auth });
      return { status: res.status, body: await json(res) };
    },
  };
}

const line = (i: number, fields: object = {}) => ({
  kind: 'log',
  id: `log-${String(i).padStart(4, '0')}`,
  t: NOW - 60_000 + i,
  level: 'info',
  message: `Rendered course page ${i}`,
  ...fields,
});

const stores: [string, () => Promise<Store>][] = [
  ['Node (SQLite, group commit)', async () => (await openTestStore()).store],
  [
    'D1 (miniflare, one transaction per commit)',
    async () => {
      const store = createWorkerStore(await openD1());
      await store.migrate(readMigrations());
      return store;
    },
  ],
];

describe.each(stores)('GET /v1/logs on %s', (_, open) => {
  it('finds a line by its words, filters by level, route and request, and pages newest first', async () => {
    const t = await appOver(await open());
    const events = [
      ...Array.from({ length: 5 }, (_, i) => line(i)),
      line(5, {
        level: 'error',
        message: 'Failed to process video for course 1234 (student jane@uni.edu)',
        context: { videoId: 'vid789' },
        requestId: 'req-42',
        route: '/api/videos/:id',
        exception: { type: 'Error', message: 'ffmpeg exited 1', stack: STACK },
      }),
      line(6, { level: 'warn', message: 'Slow transcode', requestId: 'req-42', route: '/api/videos/:id' }),
    ];
    expect((await t.ingest(events, '2.0.1')).status).toBe(202);

    const found = await t.get('/v1/logs?q=video%201234');
    expect(found.status).toBe(200);
    expect(found.body.lines).toEqual([
      {
        id: 'log-0005',
        t: NOW - 60_000 + 5,
        level: 'error',
        message: 'Failed to process video for course 1234 (student [email])', // scrubbed
        context: { videoId: 'vid789' },
        requestId: 'req-42',
        route: '/api/videos/:id',
        release: '2.0.1',
        service: 'tool',
        exception: {
          fingerprint: expect.any(String),
          type: 'Error',
          title: 'ffmpeg exited <n>',
          stack: STACK,
        },
      },
    ]);
    expect(found.body).toMatchObject({ next: null, search: 'fts5', usage: { lines: 7, dropped: 0 } });
    const ids = async (query: string) =>
      (await t.get(`/v1/logs?${query}`)).body.lines.map((l: { id: string }) => l.id);
    expect(await ids('level=warn,error')).toEqual(['log-0006', 'log-0005']);
    expect(await ids('request=req-42&route=/api/videos/:id')).toEqual(['log-0006', 'log-0005']);
    expect(await ids('release=2.0.1&q=rendered')).toEqual([
      'log-0004',
      'log-0003',
      'log-0002',
      'log-0001',
      'log-0000',
    ]);

    // Pages of 3, newest first, until `next` is null.
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const { body } = await t.get(`/v1/logs?limit=3${cursor && `&cursor=${cursor}`}`);
      seen.push(...body.lines.map((l: { id: string }) => l.id));
      if (!body.next) break;
      cursor = body.next;
    }
    expect(seen).toEqual([
      'log-0006',
      'log-0005',
      'log-0004',
      'log-0003',
      'log-0002',
      'log-0001',
      'log-0000',
    ]);

    expect(await t.get('/v1/logs?cursor=nope')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^cursor/) },
    });
    expect(await t.get('/v1/logs?level=fatal')).toMatchObject({ status: 400 });

    const exceptions = await t.get('/v1/logs/exceptions');
    expect(exceptions.body.groups).toMatchObject([
      {
        type: 'Error',
        title: 'ffmpeg exited <n>',
        count: 1,
        firstRelease: '2.0.1',
        routes: ['/api/videos/:id'],
      },
    ]);
    const fingerprint = exceptions.body.groups[0].fingerprint;
    const one = await t.get(`/v1/logs/exceptions/${fingerprint}`);
    expect(one.body.occurrences.map((l: { id: string }) => l.id)).toEqual(['log-0005']);
    // The logs around it: its request's lines.
    expect(one.body.around.map((l: { id: string }) => l.id)).toEqual(['log-0006', 'log-0005']);
    expect((await t.get('/v1/logs/exceptions/0000')).status).toBe(404);
  });
});
