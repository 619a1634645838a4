// GET /v1/vitals/routes: per route percentiles and rating shares of one vital, sorted and paged;
// q keeps the routes whose name holds it (any case), so the dashboard can find one among hundreds.
import { z } from 'zod';
import { VitalNameSchema } from '../../../../shared/protocol';
import type { VitalsRoutesResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { LmsParams, PageParams, parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';

const Params = {
  ...RangeParams,
  ...PageParams,
  metric: VitalNameSchema.default('LCP'),
  sort: z.enum(['p75', 'p95', 'count', 'poor']).default('p75'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...LmsParams,
  device: z.enum(['mobile', 'tablet', 'desktop']).optional(),
  q: z.string().max(200).optional(),
};

export async function queryVitalsRoutes(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<VitalsRoutesResponse> {
  const q = parseParams(Params, params);
  const window = await resolveWindow(store, now, q);
  const where = { platform: q.platform, frame: q.frame, device: q.device };
  const summaries = await createReader(store, window).summaries(
    { metrics: [q.metric], groupBy: 'route', where },
    (r) => r.group ?? '',
  );
  const sign = q.order === 'asc' ? 1 : -1;
  const needle = q.q?.trim().toLowerCase();
  // Nulls last whatever the order; ties by route name.
  const routes = [...summaries]
    .filter(([route]) => !needle || route.toLowerCase().includes(needle))
    .map(([route, { avg: _avg, sum: _sum, ...s }]) => ({ route, ...s }))
    .sort((a, b) => {
      const x = a[q.sort];
      const y = b[q.sort];
      if (x === null || y === null) return x === y ? a.route.localeCompare(b.route) : x === null ? 1 : -1;
      return sign * (x - y) || a.route.localeCompare(b.route);
    });
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    metric: q.metric,
    sort: q.sort,
    order: q.order,
    total: routes.length,
    limit: q.limit,
    offset: q.offset,
    routes: routes.slice(q.offset, q.offset + q.limit),
  };
}
