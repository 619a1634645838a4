// Node entry: SQLite file + node:http. `npm start` runs this.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app';
import { readMigrations } from '../adapters/migration-files';
import { createSqliteStore, openSqlite } from '../adapters/sqlite-store';
import { bootstrap } from '../core/bootstrap';
import { rateLimiterFromEnv } from '../core/rate-limit';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(env.DATA_DIR ?? join(root, 'data'));
const base = `http://${host}:${port}`;

mkdirSync(dataDir, { recursive: true });
const dbFile = join(dataDir, 'sightline.db');
const db = openSqlite(dbFile, env.SIGHTLINE_DURABILITY === 'full' ? 'full' : 'normal');
const store = createSqliteStore(db);
const applied = await store.migrate(readMigrations());
const origins = [base, `http://localhost:${port}`, ...(env.SIGHTLINE_ORIGINS?.split(',').filter(Boolean) ?? [])];
const boot = await bootstrap(store, Date.now, { siteKey: env.SIGHTLINE_SITE_KEY, adminToken: env.SIGHTLINE_ADMIN_TOKEN, origins });

const demoPages = Object.fromEntries(['canvas', 'moodle'].map((lms) => [lms, readFileSync(join(root, 'server/demo', `${lms}.html`), 'utf8')]));
const app = createApp({ store, clock: Date.now, demoPages, rateLimit: rateLimiterFromEnv(env), onUnexpectedError: (e) => console.error(e) });
const node = new Hono();
if (env.SIGHTLINE_LOG?.split(',').includes('requests')) {
  node.use(async (c, next) => {
    const start = performance.now();
    await next();
    console.log(`${new Date().toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
  });
}
node.use('/sightline.js', serveStatic({ root: join(root, 'dist/public') }));
node.route('/', app);

const server = serve({ fetch: node.fetch, port, hostname: host }, () => {
  const lines = [
    `Sightline listening on ${base}`,
    `  data:       ${dbFile}${applied.length ? ` (applied ${applied.join(', ')})` : ''}`,
    `  site key:   ${boot.site.key}  (${boot.site.name})`,
    boot.adminToken
      ? `  admin token: ${boot.adminToken}  (shown once: keep it)`
      : '  admin token: created on first start (create more with POST /v1/tokens)',
    `  widget:     ${base}/sightline.js`,
    `  demo pages: ${base}/demo/canvas  ${base}/demo/moodle`,
    `  query:      curl -H "Authorization: Bearer <admin token>" "${base}/v1/vitals?route=/demo/canvas"`,
  ];
  console.log(lines.join('\n'));
});

// Every 202 was answered after its commit, so closing the listener and then
// the database (which checkpoints the WAL) loses nothing acknowledged.
let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  const finish = () => {
    db.close();
    process.exit(0);
  };
  server.close(finish);
  // Idle keep-alive sockets would hold close() open; requests in flight still finish.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  setTimeout(finish, 5_000).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
