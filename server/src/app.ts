// The HTTP surface: routes only. Runtime-free (web-standard Request/Response);
// the runtime entry files (runtime/node.ts, runtime/worker.ts) wire the ports in.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { LIMITS } from '../../shared/limits';
import type { Role } from './ports';
import type { AppDeps } from './deps';
import { authorize } from './core/auth';
import { HttpError, problemBody } from './core/errors';
import { ingest, parseJson } from './core/ingest';
import { ingestServer } from './core/server-ingest';
import { queryVitals } from './core/query';
import { guideEventToBatch, type GuideEndpoint } from './core/guide-endpoints';
import { registerCheckRoutes } from './routes/checks';
import { registerHealthRoutes } from './routes/health';
import { registerAlertRoutes } from './routes/alerts';
import { registerQueryRoutes } from './routes/query';
import { registerSnapshotRoutes } from './routes/snapshots';
import { registerUserRoutes } from './routes/users';
import { registerDashboardRoutes } from './routes/dashboard';
import { registerSiteRoutes } from './routes/sites';
import { registerAlertSettingRoutes } from './routes/alert-settings';
import { limitBody, readBodyText } from './routes/body-limit';
import { ingestCorsHeaders, ingestPreflight, INGEST_PATHS, jsonAnswer } from './routes/ingest-cors';

/** Browsers must not guess a type: a JSON answer or a stored text is never run as script or HTML. */
export const nosniff: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
};

export function createApp(deps: AppDeps) {
  const { store, clock } = deps;
  const app = new Hono();
  app.use(nosniff);

  app.onError((err, c) => {
    if (err instanceof HttpError)
      return jsonAnswer(problemBody(err), err.status, { ...err.headers, ...ingestCorsHeaders(c) });
    deps.onUnexpectedError?.(err);
    return jsonAnswer({ error: 'internal error' }, 500, ingestCorsHeaders(c));
  });
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  const need = (c: Context, role: Role | readonly Role[]) =>
    authorize(store, c.req.header('authorization'), role);
  // Cloudflare (the Worker, or a proxy in front of Node) names the client's country.
  const requestMeta = (c: Context) => ({
    origin: c.req.header('origin') ?? null,
    country: c.req.header('cf-ipcountry')?.slice(0, 2),
    client: {
      // Cloudflare's client address; else the runtime's (Node: the socket's).
      address: c.req.header('cf-connecting-ip') ?? deps.clientAddress?.(c),
      userAgent: c.req.header('user-agent'),
    },
  });
  const readJson = async (c: Context) => {
    const text = await c.req.text();
    return { text, json: parseJson(text) };
  };

  registerHealthRoutes(app, deps);
  registerCheckRoutes(app, deps);
  registerAlertSettingRoutes(app, deps);
  registerAlertRoutes(app, deps);
  registerSnapshotRoutes(app, deps);
  registerUserRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerSiteRoutes(app, deps);

  // Ingest is public (site key + origin checked per batch), with CORS for any page (routes/ingest-cors.ts).
  for (const path of INGEST_PATHS) {
    app.options(path, ingestPreflight);
    app.use(path, limitBody(LIMITS.maxBodyBytes));
  }
  app.post('/v1/ingest', async (c) => {
    // The widget deflates where the browser can, naming it in the URL (?enc=deflate).
    const json = parseJson(await readBodyText(c, LIMITS.maxBodyBytes));
    return jsonAnswer(await ingest(deps, json, requestMeta(c)), 202, ingestCorsHeaders(c));
  });
  const guideRoute = (kind: GuideEndpoint) => async (c: Context) => {
    const { text, json } = await readJson(c);
    const key = c.req.header('x-sightline-key') ?? c.req.query('key') ?? null;
    const batch = await guideEventToBatch(kind, json, text, key, clock());
    return jsonAnswer(await ingest(deps, batch, requestMeta(c)), 202, ingestCorsHeaders(c));
  };
  app.post('/api/metrics/rum', guideRoute('rum'));
  app.post('/api/errors', guideRoute('error'));

  // Server events from the tool's backend (sightline/server): a bearer token of role
  // ingest, the site from ?site= or the only one. Servers send it, so no CORS.
  app.use('/v1/ingest/server', limitBody(LIMITS.maxBodyBytes));
  app.post('/v1/ingest/server', async (c) => {
    await need(c, ['ingest', 'admin']);
    const { json } = await readJson(c);
    return c.json(await ingestServer(deps, json, c.req.query('site')), 202);
  });

  app.get('/v1/vitals', async (c) => {
    await need(c, 'read');
    return c.json(await queryVitals(store, clock, c.req.query()));
  });
  registerQueryRoutes(app, deps);

  app.get('/demo/:lms', async (c) => {
    const page = deps.demoPages?.[c.req.param('lms')];
    if (!page)
      throw new HttpError(404, `no demo page ${c.req.param('lms')}; try /demo/canvas or /demo/moodle`);
    const [site] = await store.listSites();
    return c.html(page.replaceAll('{{SITE_KEY}}', site?.key ?? ''));
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
