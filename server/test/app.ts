// Test support: the real app over the Node runtime's store (store/node-store.ts)
// on a real SQLite file in a temp dir, its group commit in-process, driven
// through app.fetch, with a clock the test controls.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app';
import type { AppDeps } from '../src/deps';
import { bootstrap } from '../src/core/bootstrap';
import type { CardinalityOptions } from '../src/core/cardinality';
import { createNodeStore } from '../src/store/node-store';

export const ORIGIN = 'https://tool.example';
export const SITE_KEY = 'sk_test_site_key';
export const ADMIN_TOKEN = 'sl_admin_test_token';

/** A fresh Node store on a temp file, committing in-process. */
export async function openTestStore(cardinality?: CardinalityOptions) {
  const file = join(mkdtempSync(join(tmpdir(), 'sightline-')), 'test.db');
  return { file, ...(await createNodeStore({ file, commitThread: false, cardinality })) };
}

export async function createTestApp(now = Date.UTC(2026, 10, 27, 12, 0), extra: Partial<AppDeps> = {}) {
  const clock = { now };
  const { store, backlog } = await openTestStore();
  const { site } = await bootstrap(store, () => clock.now, {
    siteKey: SITE_KEY,
    adminToken: ADMIN_TOKEN,
    origins: [ORIGIN],
  });
  const app = createApp({
    store,
    clock: () => clock.now,
    demoPages: { canvas: '<script data-site-key="{{SITE_KEY}}"></script>' },
    ...extra,
    health: { backlog, ...extra.health },
  });
  const request = async (path: string, init: RequestInit = {}): Promise<Response> =>
    app.fetch(new Request(`http://127.0.0.1${path}`, init));
  return {
    store,
    site,
    clock,
    request,
    /** POSTs a body as a page would: text/plain with its Origin. */
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: ORIGIN, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    /** GETs with a bearer token (the admin one by default). */
    get: (path: string, token: string | null = ADMIN_TOKEN) =>
      request(path, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  };
}

export function batch(events: unknown[], overrides: Record<string, unknown> = {}) {
  return {
    siteKey: SITE_KEY,
    sentAt: Date.UTC(2026, 10, 27, 12, 0),
    session: 'session-1',
    page: { url: 'https://tool.example/courses/42/quiz', referrer: '' },
    lms: { platform: 'canvas', iframe: true },
    events,
    ...overrides,
  };
}

export function vital(id: string, name: string, value: number, t = Date.UTC(2026, 10, 27, 11, 59)) {
  return { kind: 'vital', id, t, name, value };
}

/** A response's JSON body, untyped: tests assert on its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();
