// The query API: read token; every answer from rollups, error groups and
// sessions (core/queries/), never from raw events. Shapes in shared/query.ts.
import type { Context, Hono } from 'hono';
import type { AppDeps } from '../deps';
import { authorize } from '../core/auth';
import { queryBreakdown } from '../core/queries/breakdown';
import { queryBusiness } from '../core/queries/business';
import { queryDatabase } from '../core/queries/database';
import { queryEndpoints } from '../core/queries/endpoints';
import { queryErrorGroup, queryErrors } from '../core/queries/errors';
import { queryFeatures } from '../core/queries/features';
import { queryInsights } from '../core/queries/insights';
import { queryLaunchTimes } from '../core/queries/launches';
import { queryException, queryExceptions, queryLogPatterns, queryLogs } from '../core/queries/logs';
import { queryLti } from '../core/queries/lti';
import { queryOverview } from '../core/queries/overview';
import { queryReleases } from '../core/queries/releases';
import { queryTimeseries } from '../core/queries/timeseries';
import { queryVitalsRoutes } from '../core/queries/vitals-routes';
import type { Store } from '../ports';

type Query = (store: Store, now: number, params: Record<string, string>) => Promise<unknown>;

const QUERIES: Record<string, Query> = {
  '/v1/overview': queryOverview,
  '/v1/timeseries': queryTimeseries,
  '/v1/vitals/routes': queryVitalsRoutes,
  '/v1/breakdown': queryBreakdown,
  '/v1/errors': queryErrors,
  '/v1/endpoints': queryEndpoints,
  '/v1/database': queryDatabase,
  '/v1/lti': queryLti,
  '/v1/lti/launches': queryLaunchTimes,
  '/v1/insights': queryInsights,
  '/v1/logs': queryLogs,
  '/v1/logs/exceptions': queryExceptions,
  '/v1/logs/patterns': queryLogPatterns,
  '/v1/features': queryFeatures,
  '/v1/business': queryBusiness,
  '/v1/releases': queryReleases,
};

export function registerQueryRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const read = (c: Context) => authorize(store, c.req.header('authorization'), 'read');
  for (const [path, query] of Object.entries(QUERIES)) {
    app.get(path, async (c) => {
      await read(c);
      return c.json(await query(store, clock(), c.req.query()));
    });
  }
  app.get('/v1/logs/exceptions/:fingerprint', async (c) => {
    await read(c);
    return c.json(await queryException(store, clock(), c.req.param('fingerprint'), c.req.query()));
  });
  app.get('/v1/errors/:fingerprint', async (c) => {
    await read(c);
    return c.json(await queryErrorGroup(store, clock(), c.req.param('fingerprint'), c.req.query()));
  });
}
