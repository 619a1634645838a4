// /livez, /readyz and /health. Anyone may ask; only a read token sees the checks.
// HEAD works on all three (Hono answers HEAD from the GET route, without a body).
import type { Context, Hono } from 'hono';
import type { AppDeps } from '../deps';
import { authorize } from '../core/auth';
import { checkHealth, checkReady, type HealthReport, type HealthStatus } from '../core/health';

const HEADERS = { 'content-type': 'application/health+json', 'cache-control': 'no-store' };

const answer = (body: { status: HealthStatus }) =>
  new Response(JSON.stringify(body), { status: body.status === 'fail' ? 503 : 200, headers: HEADERS });

export function registerHealthRoutes(app: Hono, deps: AppDeps) {
  const healthDeps = { ...deps.health, store: deps.store, clock: deps.clock };
  // Callers at the same moment share one run (and one heartbeat write).
  let running: Promise<HealthReport> | null = null;
  const report = () => (running ??= checkHealth(healthDeps).finally(() => (running = null)));

  // No I/O: 200 for as long as the process serves requests.
  app.get('/livez', () => answer({ status: 'pass' }));
  app.get('/readyz', async () => answer(await checkReady(healthDeps)));
  app.get('/health', async (c: Context) => {
    // Details need a read token; a wrong token is refused rather than treated as anonymous.
    const header = c.req.header('authorization');
    if (header !== undefined) await authorize(deps.store, header, 'read');
    const full = await report();
    return answer(header === undefined ? { status: full.status } : full);
  });
}
