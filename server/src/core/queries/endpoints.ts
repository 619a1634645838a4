// GET /v1/endpoints: the tool's server endpoints (server SDK request metrics):
// slowest first, with status classes and error rates.
import { z } from 'zod';
import type { EndpointsResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { PageParams, parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';

export async function queryEndpoints(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<EndpointsResponse> {
  const q = parseParams(
    { ...RangeParams, ...PageParams, sort: z.enum(['p95', 'avg', 'count', 'errorRate']).default('p95') },
    params,
  );
  const window = await resolveWindow(store, now, q);
  const reader = createReader(store, window);
  const metrics = ['request.duration'];
  const [summaries, statuses] = await Promise.all([
    reader.summaries({ metrics, groupBy: 'route' }, (r) => r.group ?? ''),
    reader.totals({ metrics, groupBy: 'route', thenBy: 'dim' }),
  ]);
  const byRoute = new Map<string, Record<string, number>>();
  for (const t of statuses)
    (byRoute.get(t.group!) ?? byRoute.set(t.group!, {}).get(t.group!)!)[t.subgroup!] = t.count;
  const endpoints = [...summaries].map(
    ([route, { good: _g, needsImprovement: _n, poor: _p, sum: _s, ...s }]) => {
      const counts = byRoute.get(route) ?? {};
      return { route, ...s, errorRate: s.count ? (counts['5xx'] ?? 0) / s.count : 0, statuses: counts };
    },
  );
  endpoints.sort((a, b) => (b[q.sort] ?? -1) - (a[q.sort] ?? -1) || a.route.localeCompare(b.route));
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    sort: q.sort,
    total: endpoints.length,
    limit: q.limit,
    offset: q.offset,
    endpoints: endpoints.slice(q.offset, q.offset + q.limit),
  };
}
