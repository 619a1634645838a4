// Cloudflare Workers entry: the same app over D1 (store/worker-store.ts). Ingest answers
// 202 once a batch is on the ingest Queue; the queue consumer writes it to D1 and tells
// the live hub (a Durable Object) what was new; a Durable Object per site holds the
// rate limit. `wrangler dev` runs all of it locally. The widget and the dashboard
// (dist/public) are served by Workers static assets before this runs; the D1 schema is
// applied by `wrangler d1 migrations apply`, not here.
import canvas from '../../demo/canvas.html';
import moodle from '../../demo/moodle.html';
import { createApp, type App } from '../app';
import { createFetchProbe } from '../adapters/fetch-probe';
import { installDefaults } from '../core/alerts/config';
import { runAlertingOnce } from '../core/alerts/setup';
import { authorize } from '../core/auth';
import { bootstrap } from '../core/bootstrap';
import { cardinalityFromEnv } from '../core/cardinality';
import { HttpError, problemBody } from '../core/errors';
import { heartbeatScheduler } from '../core/health';
import { retentionFromEnv } from '../core/levels';
import { alertSignature, type LiveMessage } from '../core/live';
import { maintain } from '../core/maintain';
import { rateLimiterFromEnv, type RateLimiter } from '../core/rate-limit';
import { addressPolicy } from '../core/synthetic/guard';
import { runDueChecks } from '../core/synthetic/job';
import { createBindingSender } from '../notifiers/cloudflare-email';
import { createNotify } from '../notifiers/index';
import { jsonAnswer } from '../routes/ingest-cors';
import { createWorkerStore, type WorkerStore } from '../store/worker-store';
import type { Env, QueuedBatch } from './worker-env';
import { consumeDeadLetters, consumeIngest, queuedCommit } from './worker-queue';
import { STREAM_TOKEN_HEADER } from './worker-objects';

export { LiveHubObject, RateLimitObject } from './worker-objects';
export type { Env } from './worker-env';

// One store and app per isolate: env bindings do not change between its requests.
let isolateStore: WorkerStore | undefined;
let isolateApp: App | undefined;
let booted: Promise<unknown> | undefined;

/** The store of this isolate: its caches (sites, capped values) kept between requests, deliveries and cron ticks. */
function storeOf(env: Env): WorkerStore {
  return (isolateStore ??= createWorkerStore(env.DB, { cardinality: cardinalityFromEnv(env) }));
}

/** The live hub of the deployment, when bound. */
const liveHub = (env: Env) => env.LIVE?.get(env.LIVE.idFromName('live'));
const publishTo = (env: Env) => async (messages: LiveMessage[]) =>
  void (await liveHub(env)?.publish(messages));

/** The per-site bucket in a Durable Object when bound (same defaults as Node; `0` turns it off), else per isolate. */
function rateLimitOf(env: Env): RateLimiter | undefined {
  const perIsolate = rateLimiterFromEnv(env);
  const objects = env.RATE_LIMITER;
  if (!perIsolate || !objects) return perIsolate;
  return { take: (site, n, now) => objects.get(objects.idFromName(site)).take(n, now) };
}

function appOf(env: Env): App {
  const store = storeOf(env);
  // With a Queue bound, a commit is a send: 202 once the Queue has the batch.
  const ingestStore = env.INGEST_QUEUE ? { ...store, commit: queuedCommit(env.INGEST_QUEUE) } : store;
  return createApp({
    store: ingestStore,
    clock: Date.now,
    demoPages: { canvas, moodle },
    rateLimit: rateLimitOf(env),
    health: {
      scheduler: heartbeatScheduler(store, 60_000), // the cron in wrangler.jsonc: every minute
      ...(env.INGEST_QUEUE && {
        backlog: async () => (await store.queueState())?.backlog ?? 0,
        deadLetters: () => store.deadLetters(1),
      }),
      publicUrl: env.SIGHTLINE_PUBLIC_URL || null,
    },
    allowPrivateTargets: env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true',
    notify: notifyOf(env),
    email: env.SEND_EMAIL ? 'binding' : 'none',
    onUnexpectedError: (e) => console.error(e),
  });
}

/**
 * How the Worker sends notifications: fetch under the outbound address policy (as synthetic
 * checks), email through the send_email binding when bound.
 */
function notifyOf(env: Env) {
  const policy = addressPolicy(env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true');
  return createNotify({ policy, ...(env.SEND_EMAIL && { sendEmail: createBindingSender(env.SEND_EMAIL) }) });
}

/**
 * Once per isolate: the demo site and admin token (when an admin token is configured and
 * no site exists yet) and the default alert rules, so they exist from the first request.
 */
function bootstrapOnce(store: WorkerStore, env: Env, ownOrigin: string): Promise<unknown> {
  booted ??= Promise.all([
    env.SIGHTLINE_ADMIN_TOKEN &&
      bootstrap(store, Date.now, {
        siteKey: env.SIGHTLINE_SITE_KEY,
        adminToken: env.SIGHTLINE_ADMIN_TOKEN,
        // The demo pages are served from the Worker's own origin.
        origins: [ownOrigin, ...(env.SIGHTLINE_ORIGINS ?? '').split(',').filter(Boolean)],
      }),
    installDefaults(store, Date.now),
  ]).catch((err) => {
    booted = undefined; // the next request tries again
    throw err;
  });
  return booted;
}

/** GET /v1/stream: a read token, then the live hub's stream. */
async function stream(req: Request, env: Env, store: WorkerStore): Promise<Response> {
  let tokenId: string;
  try {
    tokenId = (await authorize(store, req.headers.get('authorization') ?? undefined, 'read')).id;
  } catch (err) {
    if (err instanceof HttpError) return jsonAnswer(problemBody(err), err.status, err.headers);
    throw err;
  }
  const forwarded = new Request(req);
  forwarded.headers.set(STREAM_TOKEN_HEADER, tokenId);
  return liveHub(env)!.fetch(forwarded);
}

/** The cron's share for synthetic checks: mark the tick (for /health), then run the checks that are due. */
async function runChecks(store: WorkerStore, env: Env, now: number): Promise<void> {
  await store.beat('scheduler', now);
  await runDueChecks({
    store,
    clock: Date.now,
    probe: createFetchProbe(),
    policy: addressPolicy(env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true'),
  });
}

/** One evaluation and delivery round, telling dashboards when any alert changed state. */
async function runAlerts(store: WorkerStore, env: Env): Promise<void> {
  const publicUrl = env.SIGHTLINE_PUBLIC_URL;
  if (!publicUrl) {
    console.error('SIGHTLINE_PUBLIC_URL is not set: alerts are not evaluated or sent (see /health)');
    return;
  }
  const before = await alertSignature(store);
  // No SMTP on Workers: email channels fail with a clear error in the delivery log. The same
  // outbound address policy as synthetic checks (Workers cannot reach private ranges anyway).
  await runAlertingOnce(store, Date.now, notifyOf(env), publicUrl);
  if ((await alertSignature(store)) !== before) await publishTo(env)([{ type: 'alerts' }]);
}

export default {
  async fetch(req, env, ctx) {
    const store = storeOf(env);
    isolateApp ??= appOf(env);
    const url = new URL(req.url);
    // /livez does no I/O, so it answers even before the database is reachable; /readyz
    // and /health must answer 503 (not throw) when it is not, so they skip bootstrapping too.
    if (!['/livez', '/readyz', '/health'].includes(url.pathname)) await bootstrapOnce(store, env, url.origin);
    if (url.pathname === '/v1/stream' && req.method === 'GET' && env.LIVE) return stream(req, env, store);
    return isolateApp.fetch(req, env, ctx);
  },

  // The ingest Queue and its dead-letter queue (wrangler.jsonc).
  async queue(delivery, env) {
    const store = storeOf(env);
    if (delivery.queue.endsWith('-dlq')) return consumeDeadLetters({ store, clock: Date.now }, delivery);
    await consumeIngest(
      {
        store,
        clock: Date.now,
        publish: publishTo(env),
        onError: (e) => console.error('ingest consumer:', e),
      },
      delivery as MessageBatch<QueuedBatch>,
    );
  },

  // The cron trigger in wrangler.jsonc: compaction and retention (core/maintain.ts),
  // the synthetic checks that are due (a 30 s interval runs every minute here) and alerts.
  async scheduled(_controller, env, ctx) {
    const store = storeOf(env);
    ctx.waitUntil(maintain(store, Date.now(), { retention: retentionFromEnv(env) }));
    ctx.waitUntil(runChecks(store, env, Date.now()));
    ctx.waitUntil(runAlerts(store, env));
  },
} satisfies ExportedHandler<Env, unknown>;
