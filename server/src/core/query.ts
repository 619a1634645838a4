// Read side: every answer is merged from rollups (day, hour and minute rows), never from raw rows.
import { z } from 'zod';
import { VITAL_NAMES } from '../../../shared/limits';
import { LmsPlatformSchema, VitalNameSchema } from '../../../shared/protocol';
import type { VitalSummary, VitalsResponse } from '../../../shared/query';
import { createSketch, mergeSketch, quantiles } from '../../../shared/sketch';
import type { Clock, RollupBin, RollupTotals, Store } from '../ports';
import { badRequest } from './errors';
import { RangeParams, resolveWindow } from './queries/params';
import { createReader } from './queries/read';

export { resolveSite } from './queries/params';

export const VitalsQuerySchema = z.object({
  ...RangeParams,
  route: z.string().max(256).optional(),
  metric: VitalNameSchema.optional(),
  platform: LmsPlatformSchema.optional(),
});

export function summarise(totals: RollupTotals | undefined, bins: RollupBin[]): VitalSummary {
  const count = totals?.count ?? 0;
  const sketch = bins.reduce((s, b) => mergeSketch(s, new Map([[b.bin, b.count]])), createSketch());
  const [p50, p75, p95, p99] = quantiles(sketch, [0.5, 0.75, 0.95, 0.99]);
  const share = (n: number) => (count ? n / count : 0);
  return { count, p50, p75, p95, p99, good: share(totals?.good ?? 0), needsImprovement: share(totals?.ni ?? 0), poor: share(totals?.poor ?? 0) };
}

export async function queryVitals(store: Store, clock: Clock, params: Record<string, string>): Promise<VitalsResponse> {
  const parsed = VitalsQuerySchema.safeParse(params);
  if (!parsed.success) throw badRequest(parsed.error);
  const q = parsed.data;
  const window = await resolveWindow(store, clock(), q);
  const metrics = q.metric ? [q.metric] : [...VITAL_NAMES];
  const filter = { metrics, where: { route: q.route, platform: q.platform } };
  const reader = createReader(store, window);
  const [totals, bins] = await Promise.all([reader.totals(filter), reader.bins(filter)]);
  const result: VitalsResponse['metrics'] = {};
  for (const m of metrics) {
    result[m] = summarise(totals.find((t) => t.metric === m), bins.filter((b) => b.metric === m));
  }
  return { site: window.site.id, route: q.route ?? null, platform: q.platform ?? null, from: window.from, to: window.to, metrics: result };
}
