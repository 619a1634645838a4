// The auth matrix, generated from the app's own route table: every route the app
// registers × no credential, a garbage token, the (public) site key, an ingest,
// a read and an admin token. A route is guarded unless listed as public below, and
// needs `read` for GET and `admin` otherwise unless listed, so a new route that
// forgets `authorize` fails here before it ships.
import { describe, expect, it } from 'vitest';
import type { Role } from './ports';
import { createApp } from './app';
import { sha256Hex } from './core/ids';
import { ADMIN_TOKEN, createTestApp, SITE_KEY } from '../test/app';

/** Routes anyone may call: health, the dashboard shell, demo pages, page ingest (site key + origin, in the body). */
const PUBLIC = new Set([
  'GET /livez',
  'GET /readyz',
  'GET /health', // details only with a read token; a wrong one is still a 401
  'GET /dashboard',
  'GET /dashboard/*',
  'GET /demo/:lms',
  'POST /v1/ingest',
  'POST /api/metrics/rum',
  'POST /api/errors',
]);

/** Routes whose roles differ from the default (GET: read or admin; anything else: admin). */
const ROLES: Record<string, readonly Role[]> = {
  'POST /v1/snapshots': ['read', 'admin'], // support staff save snapshots from the extension
  'GET /v1/alerts/channels': ['admin'], // channel settings name targets and keys
  'GET /v1/users/:key/export': ['admin'], // one user's raw events and sessions
  'GET /v1/tokens': ['admin'], // settings: who holds which token
  'POST /v1/ingest/server': ['ingest', 'admin'],
};

const TOKENS: Record<Role, string> = {
  ingest: 'sl_ingest_matrix_token',
  read: 'sl_read_matrix_token',
  admin: ADMIN_TOKEN,
};

const CREDENTIALS: [name: string, header: string | undefined][] = [
  ['none', undefined],
  ['garbage', 'Bearer sl_admin_not-a-real-token-0000'],
  ['malformed', 'Basic YWRtaW46YWRtaW4='],
  ['site key', `Bearer ${SITE_KEY}`],
  ['ingest', `Bearer ${TOKENS.ingest}`],
  ['read', `Bearer ${TOKENS.read}`],
  ['admin', `Bearer ${TOKENS.admin}`],
];

const concrete = (path: string) =>
  path
    .replace(':lms', 'canvas')
    .replace(/:[a-z]+/gi, 'matrix-x')
    .replace('*', 'matrix-x');

describe('auth matrix from the route table', async () => {
  const t = await createTestApp();
  for (const role of ['ingest', 'read'] as const)
    await t.store.createToken({ id: `tok_${role}`, role, name: role }, await sha256Hex(TOKENS[role]), 0);
  const table = createApp({ store: t.store, clock: () => t.clock.now }).routes;
  // `ALL` entries are middleware (body limits); OPTIONS answers CORS preflights for the public ingest.
  const routes = [
    ...new Set(
      table.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS').map((r) => `${r.method} ${r.path}`),
    ),
  ];

  it('covers the routes the app has', () => {
    expect(routes.length).toBeGreaterThanOrEqual(50);
    for (const known of [...PUBLIC, ...Object.keys(ROLES)]) expect(routes).toContain(known);
    // Settings (issue #19): each of these is in the matrix below with its role.
    for (const settings of [
      'PATCH /v1/sites/:id',
      'POST /v1/sites/:id/rotate-key',
      'DELETE /v1/tokens/:id',
      'PATCH /v1/alerts/rules/:id',
      'PATCH /v1/alerts/channels/:id',
      'POST /v1/alerts/channels/:id/test',
      'PATCH /v1/checks/:id',
      'POST /v1/checks/:id/run',
    ])
      expect(routes).toContain(settings);
  });

  it('refuses every guarded route to a weaker credential and lets the right role through', async () => {
    const leaks: string[] = [];
    let calls = 0;
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const allowed = ROLES[route] ?? (method === 'GET' ? ['read', 'admin'] : ['admin']);
      for (const [name, header] of CREDENTIALS) {
        if (PUBLIC.has(route) && (name === 'none' || allowed.includes(name as Role))) continue;
        const res = await t.request(concrete(path), {
          method,
          headers: { ...(header ? { authorization: header } : {}), 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
        });
        await res.body?.cancel();
        calls++;
        const expected = PUBLIC.has(route)
          ? null
          : ['none', 'garbage', 'malformed', 'site key'].includes(name)
            ? 401
            : allowed.includes(name as Role)
              ? 'through'
              : 403;
        const got = res.status === 401 || res.status === 403 ? res.status : 'through';
        if (expected === null) {
          // A public route given a wrong token: never 5xx, and never more than the anonymous answer.
          if (res.status >= 500) leaks.push(`${route} with ${name}: ${res.status}`);
        } else if (got !== expected) leaks.push(`${route} with ${name}: ${res.status}, expected ${expected}`);
        if (res.status >= 500 && res.status !== 501) leaks.push(`${route} with ${name}: ${res.status}`);
      }
    }
    console.log(`auth matrix: ${routes.length} routes, ${calls} calls, ${leaks.length} wrong answers`);
    expect(leaks).toEqual([]);
  });
});
