// GET /v1/breakdown?metric=&by=: one summary per value of a dimension.
import { z } from 'zod';
import { BREAKDOWN_BY, type BreakdownResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { BY_DIMENSION, MetricSchema } from './metrics';
import { LmsParams, parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';

const Params = {
  ...RangeParams,
  metric: MetricSchema,
  by: z.enum(BREAKDOWN_BY),
  route: z.string().max(256).optional(),
  ...LmsParams,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
};

export async function queryBreakdown(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<BreakdownResponse> {
  const q = parseParams(Params, params);
  const window = await resolveWindow(store, now, q);
  const where = {
    ...(q.metric.dim === undefined ? {} : { dim: q.metric.dim }),
    route: q.route,
    platform: q.platform,
    frame: q.frame,
  };
  const summaries = await createReader(store, window).summaries(
    { metrics: [q.metric.rollup], groupBy: BY_DIMENSION[q.by], where },
    (r) => r.group ?? '',
  );
  const groups = [...summaries]
    .map(([value, { sum: _sum, ...s }]) => ({ value, ...s }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, q.limit);
  return { site: window.site.id, from: window.from, to: window.to, metric: q.metric.name, by: q.by, groups };
}
