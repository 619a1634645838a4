// Read side: every answer is merged from rollups (day, hour and minute rows), never from raw rows.
import { z } from 'zod';
import { VITAL_NAMES } from '../../../shared/limits';
import { VitalNameSchema } from '../../../shared/protocol';
import { VITALS_GROUP_BY, type VitalSummary, type VitalsResponse } from '../../../shared/query';
import type { VitalName } from '../../../shared/limits';
import type { Clock, Store } from '../ports';
import { badRequest } from './errors';
import { LmsParams, RangeParams, resolveWindow } from './queries/params';
import { createReader, EMPTY, type ReadFilter, type Reader, type Summary } from './queries/read';

export { resolveSite } from './queries/params';

export const VitalsQuerySchema = z.object({
  ...RangeParams,
  ...LmsParams,
  route: z.string().max(256).optional(),
  metric: VitalNameSchema.optional(),
  groupBy: z.enum(VITALS_GROUP_BY).optional(),
});

type Metrics = VitalsResponse['metrics'];

function metricsOf(
  names: readonly VitalName[],
  summaries: Map<string, Summary>,
  key = (m: string) => m,
): Metrics {
  const result: Metrics = {};
  for (const m of names) {
    const { sum: _, avg: __, ...summary } = summaries.get(key(m)) ?? EMPTY;
    result[m] = summary satisfies VitalSummary;
  }
  return result;
}

/** Per platform, frame or both (`groupBy`): one summary per metric and group, the groups with most samples first. */
async function groupsOf(reader: Reader, filter: ReadFilter, groupBy: (typeof VITALS_GROUP_BY)[number]) {
  const [first, then] = groupBy.split(',') as ('platform' | 'frame')[];
  const key = (r: { metric: string; group?: string; subgroup?: string }) =>
    JSON.stringify([r.group ?? '', r.subgroup ?? '', r.metric]);
  const summaries = await reader.summaries({ ...filter, groupBy: first, thenBy: then }, key);
  const groups = new Map<string, { values: string[]; count: number }>();
  for (const [k, s] of summaries) {
    const [group, subgroup] = JSON.parse(k) as string[];
    const id = JSON.stringify([group, subgroup]);
    const g = groups.get(id) ?? groups.set(id, { values: [group, subgroup], count: 0 }).get(id)!;
    g.count += s.count;
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.values.join().localeCompare(b.values.join()))
    .map(({ values: [group, subgroup] }) => ({
      [first]: group,
      ...(then ? { [then]: subgroup } : {}),
      metrics: metricsOf(filter.metrics as VitalName[], summaries, (m) =>
        JSON.stringify([group, subgroup, m]),
      ),
    }));
}

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
  const filter = { metrics, where: { route: q.route, platform: q.platform, frame: q.frame } };
  const reader = createReader(store, window);
  const [summaries, groups] = await Promise.all([
    reader.summaries(filter),
    q.groupBy ? groupsOf(reader, filter, q.groupBy) : undefined,
  ]);
  return {
    site: window.site.id,
    route: q.route ?? null,
    platform: q.platform ?? null,
    frame: q.frame ?? null,
    from: window.from,
    to: window.to,
    metrics: metricsOf(metrics, summaries),
    ...(groups ? { groups } : {}),
  };
}
