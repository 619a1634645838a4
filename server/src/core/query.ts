// Read side: every answer is merged from rollups (day, hour and minute rows), never from raw rows.
import { z } from 'zod';
import { VITAL_NAMES } from '../../../shared/limits';
import { LmsPlatformSchema, VitalNameSchema } from '../../../shared/protocol';
import type { VitalSummary, VitalsResponse } from '../../../shared/query';
import type { Clock, Store } from '../ports';
import { badRequest } from './errors';
import { RangeParams, resolveWindow } from './queries/params';
import { createReader, EMPTY } from './queries/read';

export { resolveSite } from './queries/params';

export const VitalsQuerySchema = z.object({
  ...RangeParams,
  route: z.string().max(256).optional(),
  metric: VitalNameSchema.optional(),
  platform: LmsPlatformSchema.optional(),
});

export async function queryVitals(
  store: Store,
  clock: Clock,
  params: Record<string, string>,
): Promise<VitalsResponse> {
  const parsed = VitalsQuerySchema.safeParse(params);
  if (!parsed.success) throw badRequest(parsed.error);
  const q = parsed.data;
  const window = await resolveWindow(store, clock(), q);
  const metrics = q.metric ? [q.metric] : [...VITAL_NAMES];
  const filter = { metrics, where: { route: q.route, platform: q.platform } };
  const summaries = await createReader(store, window).summaries(filter);
  const result: VitalsResponse['metrics'] = {};
  for (const m of metrics) {
    const { sum: _, avg: __, ...summary } = summaries.get(m) ?? EMPTY;
    result[m] = summary satisfies VitalSummary;
  }
  return {
    site: window.site.id,
    route: q.route ?? null,
    platform: q.platform ?? null,
    from: window.from,
    to: window.to,
    metrics: result,
  };
}
