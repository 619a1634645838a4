// Node entry: SQLite file + node:http. `npm start` runs this.
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, nosniff } from '../app';
import { readMigrations } from '../store/migration-files';
import { createNodeStore } from '../store/node-store';
import { bootstrap } from '../core/bootstrap';
import { cardinalityFromEnv } from '../core/cardinality';
import { retentionFromEnv } from '../core/levels';
import { scheduleMaintenance } from '../core/maintain';
import { rateLimiterFromEnv } from '../core/rate-limit';
import { createNodeProbe } from '../adapters/node-probe';
import { createScheduler } from '../core/scheduler';
import { loadCheckFile } from '../core/synthetic/check-file';
import { addressPolicy } from '../core/synthetic/guard';
import { createCheckJob } from '../core/synthetic/job';
import { setupAlerting } from '../core/alerts/setup';
import { createNotify } from '../notifiers/index';
import { nodeTransports } from '../notifiers/node-transports';
import { createLiveHub, withLivePublish } from '../core/live';
import { dataDirProblem, dataDirText, isUnwritable, listenText } from './node-startup';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 8787);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(env.DATA_DIR ?? join(root, 'data'));
const base = `http://${host}:${port}`;

const dbFile = join(dataDir, 'sightline.db');
/** One line on stderr and exit 1: what went wrong, where, and what to do (node-startup.ts). */
function fail(line: string): never {
  console.error(line);
  process.exit(1);
}
const unwritable = dataDirProblem(dataDir, dbFile);
if (unwritable) fail(unwritable);
const durability = env.SIGHTLINE_DURABILITY === 'full' ? 'full' : 'normal';
// Commits run on a second thread with its own connection (store/sqlite-commit-thread.ts);
// this thread handles HTTP, validation and everything else. If that thread dies,
// stop: a supervisor restarts the process, and clients resend what was not acknowledged.
const sqlite = await createNodeStore({
  file: dbFile,
  durability,
  cardinality: cardinalityFromEnv(env),
  onRederive: (done) => console.log(`  derived again ${done} batches stored before the last stop`),
  onCommitThreadExit: (error) => {
    console.error('the commit thread stopped:', error);
    process.exit(1);
  },
}).catch((error: unknown) => {
  if (isUnwritable(error)) fail(dataDirText(dataDir, error));
  throw error;
});
const applied = sqlite.applied;
// Every durable commit is announced to the dashboard's live stream (GET /v1/stream).
const live = createLiveHub();
const store = withLivePublish(sqlite.store, live);
const origins = [
  base,
  `http://localhost:${port}`,
  ...(env.SIGHTLINE_ORIGINS?.split(',').filter(Boolean) ?? []),
];
const boot = await bootstrap(store, Date.now, {
  siteKey: env.SIGHTLINE_SITE_KEY,
  adminToken: env.SIGHTLINE_ADMIN_TOKEN,
  origins,
});

// Compaction and retention every minute (core/maintain.ts); a failure is logged and the next run retries.
const maintenance = scheduleMaintenance(store, Date.now, {
  retention: retentionFromEnv(env),
  onError: (e) => console.error('maintenance failed:', e),
});

// Synthetic checks (SIGHTLINE_CHECKS_FILE and /v1/checks) on a scheduler ticking every second.
// Private targets are refused unless the deployment allows them (README: "Health and synthetic checks").
const allowPrivateTargets = env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true';
const policy = addressPolicy(allowPrivateTargets);
const checkFile = env.SIGHTLINE_CHECKS_FILE;
const loaded = checkFile
  ? await loadCheckFile(store, Date.now, readFileSync(checkFile, 'utf8'), policy, checkFile)
  : null;
// Alert rules (defaults, SIGHTLINE_RULES_FILE, /v1/alerts/rules): evaluated every 30 s, notifications delivered and retried.
const rulesFile = env.SIGHTLINE_RULES_FILE
  ? { name: env.SIGHTLINE_RULES_FILE, text: readFileSync(env.SIGHTLINE_RULES_FILE, 'utf8') }
  : undefined;
// One notifier and one probe: settings' test notification and "run now" go the way scheduled ones do.
const notify = createNotify({ policy, ...nodeTransports(policy) });
const probe = createNodeProbe({ policy });
const alerting = await setupAlerting(store, Date.now, {
  env,
  rulesFile,
  policy,
  externalUrl: base,
  notify,
  backlog: sqlite.backlog,
});
const TICK_MS = 1_000;
const scheduler = createScheduler(
  Date.now,
  [createCheckJob({ store, clock: Date.now, probe, policy }), ...alerting.jobs],
  (job, e) => console.error(`${job} failed:`, e),
);
const ticker = setInterval(() => void scheduler.tick(), TICK_MS);
ticker.unref();
void scheduler.tick();
const health = {
  scheduler: () => ({ ...scheduler.status(), everyMs: TICK_MS }),
  notifierQueue: alerting.queue,
  migrations: readMigrations().map((m) => m.name),
  backlog: sqlite.backlog,
};

const demoPages = Object.fromEntries(
  ['canvas', 'moodle'].map((lms) => [lms, readFileSync(join(root, 'server/demo', `${lms}.html`), 'utf8')]),
);
const app = createApp({
  store,
  clock: Date.now,
  demoPages,
  rateLimit: rateLimiterFromEnv(env),
  health,
  allowPrivateTargets,
  live,
  notify,
  probe,
  // Behind a reverse proxy the socket is the proxy's: SIGHTLINE_TRUST_PROXY reads X-Forwarded-For.
  clientAddress: (c) =>
    (env.SIGHTLINE_TRUST_PROXY === 'true' && c.req.header('x-forwarded-for')?.split(',')[0].trim()) ||
    getConnInfo(c).remote.address,
  onUnexpectedError: (e) => console.error(e),
});
const node = new Hono();
if (env.SIGHTLINE_LOG?.split(',').includes('requests')) {
  node.use(async (c, next) => {
    const start = performance.now();
    await next();
    console.log(
      `${new Date().toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`,
    );
  });
}
node.use(nosniff); // the static files too
node.use('/sightline.js', serveStatic({ root: join(root, 'dist/public') }));
node.use('/dashboard/*', serveStatic({ root: join(root, 'dist/public') }));
node.route('/', app);

// A client gets 10 s for its headers and 30 s for its whole request (body included), not Node's 300 s.
const serverOptions = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_000 };
const server = serve({ fetch: node.fetch, port, hostname: host, serverOptions }, () => {
  const lines = [
    `Sightline listening on ${base}`,
    `  data:       ${dbFile}${applied.length ? ` (applied ${applied.join(', ')})` : ''}`,
    `  site key:   ${boot.site.key}  (${boot.site.name})`,
    boot.adminToken
      ? `  admin token: ${boot.adminToken}  (shown once: keep it)`
      : '  admin token: created on first start (create more with POST /v1/tokens)',
    `  dashboard:  ${base}/dashboard  (sign in with an API token)`,
    `  widget:     ${base}/sightline.js`,
    `  demo pages: ${base}/demo/canvas  ${base}/demo/moodle`,
    `  query:      curl -H "Authorization: Bearer <admin token>" "${base}/v1/vitals?route=/demo/canvas"`,
    `  health:     ${base}/health  ${base}/readyz  ${base}/livez`,
    `  checks:     ${loaded ? `${loaded.checks.length} from ${checkFile}` : 'none from a file'}; private targets ${allowPrivateTargets ? 'allowed' : 'refused'}`,
  ];
  console.log(lines.join('\n'));
});

server.once('error', (error) => fail(listenText(error, host, port)));

// Every 202 was answered after its commit, so closing the listener and then
// the database (which checkpoints the WAL) loses nothing acknowledged.
let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  maintenance.stop();
  clearInterval(ticker);
  live.close(); // ends the dashboards' streams, or server.close() would wait for them
  // Checks in flight are aborted (and not recorded) before the database closes.
  const stopped = scheduler.stop();
  const finish = () =>
    void stopped
      .catch(() => undefined)
      .then(() => sqlite.close())
      .finally(() => process.exit(0));
  server.close(finish);
  // Idle keep-alive sockets would hold close() open; requests in flight still finish.
  if ('closeIdleConnections' in server) server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
