// Cloudflare Workers entry: D1 store + the same app. `wrangler dev` runs it locally.
// The widget (dist/public) is served by Workers static assets before this runs; the
// D1 schema is applied by `wrangler d1 migrations apply`, not here.
import canvas from '../../demo/canvas.html';
import moodle from '../../demo/moodle.html';
import { createApp, type App } from '../app';
import { createD1Store } from '../adapters/d1-store';
import { bootstrap } from '../core/bootstrap';
import { rateLimiterFromEnv } from '../core/rate-limit';
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
}

// One store and app per isolate: env bindings do not change between its requests.
let wired: { store: Store; app: App } | undefined;
let booted: Promise<unknown> | undefined;

/** Creates the demo site and admin token once per isolate (a no-op once a site exists). */
function bootstrapOnce(store: Store, env: Env & { SIGHTLINE_ADMIN_TOKEN: string }, ownOrigin: string): Promise<unknown> {
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
      const store = createD1Store(env.DB);
      wired = { store, app: createApp({ store, clock: Date.now, demoPages: { canvas, moodle }, rateLimit: rateLimiterFromEnv(env), onUnexpectedError: (e) => console.error(e) }) };
    }
    // /livez does no I/O, so it answers even before the database is reachable.
    const url = new URL(req.url);
    if (env.SIGHTLINE_ADMIN_TOKEN && url.pathname !== '/livez') {
      await bootstrapOnce(wired.store, { ...env, SIGHTLINE_ADMIN_TOKEN: env.SIGHTLINE_ADMIN_TOKEN }, url.origin);
    }
    return wired.app.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env>;
