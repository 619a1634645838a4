// Cloudflare Workers entry: D1 store + the same app. `wrangler dev` runs it locally.
// The widget (dist/public) is served by Workers static assets before this runs; the
// D1 schema is applied by `wrangler d1 migrations apply`, not here.
import canvas from '../../demo/canvas.html';
import moodle from '../../demo/moodle.html';
import { createApp, type App } from '../app';
import { createWorkerStore } from '../store/worker-store';
import { bootstrap } from '../core/bootstrap';
import { cardinalityFromEnv } from '../core/cardinality';
import { retentionFromEnv } from '../core/levels';
import { maintain } from '../core/maintain';
import { rateLimiterFromEnv } from '../core/rate-limit';
import { createFetchProbe } from '../adapters/fetch-probe';
import { heartbeatScheduler } from '../core/health';
import { addressPolicy } from '../core/synthetic/guard';
import { runDueChecks } from '../core/synthetic/job';
import { runAlertingOnce } from '../core/alerts/setup';
import { createNotify } from '../notifiers/index';
import type { Store } from '../ports';

export interface Env {
  DB: D1Database;
  /** With an admin token set, the first request creates the demo site and that token. */
  SIGHTLINE_ADMIN_TOKEN?: string;
  SIGHTLINE_SITE_KEY?: string;
  /** Comma-separated page origins allowed to send with the demo site's key. */
  SIGHTLINE_ORIGINS?: string;
  /** Events per second per site (default 5,000; 0 = off) and burst seconds; per isolate. */
  SIGHTLINE_RATE_LIMIT?: string;
  SIGHTLINE_RATE_BURST?: string;
  /** Retention in days of raw events and minute, hour and day rollups (core/levels.ts). */
  SIGHTLINE_RETENTION_RAW?: string;
  SIGHTLINE_RETENTION_MINUTE?: string;
  SIGHTLINE_RETENTION_HOUR?: string;
  SIGHTLINE_RETENTION_DAY?: string;
  /** Distinct routes, query templates and error groups per site before folding into `other`. */
  SIGHTLINE_MAX_ROUTES?: string;
  /** `true` lets synthetic checks name private IP literals; Workers cannot connect to private ranges anyway. */
  SIGHTLINE_ALLOW_PRIVATE_TARGETS?: string;
}

/** The cron's share for synthetic checks: mark the tick (for /health), then run the checks that are due. */
async function runChecks(store: Store, env: Env, now: number): Promise<void> {
  await store.beat('scheduler', now);
  await runDueChecks({
    store,
    clock: Date.now,
    probe: createFetchProbe(),
    policy: addressPolicy(env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true'),
  });
}

// One store and app per isolate: env bindings do not change between its requests.
let wired: { store: Store; app: App } | undefined;
let isolateStore: Store | undefined;

/** The store of this isolate: its caches (sites, capped values) kept between requests and cron ticks. */
function storeOf(env: Env): Store {
  return (isolateStore ??= createWorkerStore(env.DB, { cardinality: cardinalityFromEnv(env) }));
}
let booted: Promise<unknown> | undefined;

/** Creates the demo site and admin token once per isolate (a no-op once a site exists). */
function bootstrapOnce(
  store: Store,
  env: Env & { SIGHTLINE_ADMIN_TOKEN: string },
  ownOrigin: string,
): Promise<unknown> {
  booted ??= bootstrap(store, Date.now, {
    siteKey: env.SIGHTLINE_SITE_KEY,
    adminToken: env.SIGHTLINE_ADMIN_TOKEN,
    // The demo pages are served from the Worker's own origin.
    origins: [ownOrigin, ...(env.SIGHTLINE_ORIGINS ?? '').split(',').filter(Boolean)],
  }).catch((err) => {
    booted = undefined; // the next request tries again
    throw err;
  });
  return booted;
}

export default {
  async fetch(req, env, ctx) {
    if (!wired) {
      const store = storeOf(env);
      const health = { scheduler: heartbeatScheduler(store, 60_000) }; // the cron in wrangler.jsonc: every minute
      const allowPrivateTargets = env.SIGHTLINE_ALLOW_PRIVATE_TARGETS === 'true';
      wired = {
        store,
        app: createApp({
          store,
          clock: Date.now,
          demoPages: { canvas, moodle },
          rateLimit: rateLimiterFromEnv(env),
          health,
          allowPrivateTargets,
          onUnexpectedError: (e) => console.error(e),
        }),
      };
    }
    // /livez does no I/O, so it answers even before the database is reachable; /readyz
    // and /health must answer 503 (not throw) when it is not, so they skip bootstrapping too.
    const url = new URL(req.url);
    if (env.SIGHTLINE_ADMIN_TOKEN && !['/livez', '/readyz', '/health'].includes(url.pathname)) {
      await bootstrapOnce(
        wired.store,
        { ...env, SIGHTLINE_ADMIN_TOKEN: env.SIGHTLINE_ADMIN_TOKEN },
        url.origin,
      );
    }
    return wired.app.fetch(req, env, ctx);
  },
  // The cron trigger in wrangler.jsonc: compaction and retention (core/maintain.ts).
  async scheduled(_controller, env, ctx) {
    const store = storeOf(env);
    ctx.waitUntil(maintain(store, Date.now(), { retention: retentionFromEnv(env) }));
    // And synthetic checks: a 30 s interval runs every minute here, the cron's resolution.
    ctx.waitUntil(runChecks(store, env, Date.now()));
    // And alert rules: one evaluation and a delivery round per tick (no SMTP here: email channels fail).
    ctx.waitUntil(
      runAlertingOnce(
        store,
        Date.now,
        createNotify(),
        (env as { SIGHTLINE_PUBLIC_URL?: string }).SIGHTLINE_PUBLIC_URL ?? '',
      ),
    );
  },
} satisfies ExportedHandler<Env>;
