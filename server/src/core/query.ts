// Read side: every answer is merged from per-minute rollups, never from raw rows.
import { z } from 'zod';
import { VITAL_NAMES } from '../../../shared/limits';
import { LmsPlatformSchema, VitalNameSchema } from '../../../shared/protocol';
import type { VitalSummary, VitalsResponse } from '../../../shared/query';
import { createSketch, mergeSketch, quantiles } from '../../../shared/sketch';
import type { Clock, RollupBin, RollupTotals, Site, Store } from '../ports';
import { badRequest, HttpError } from './errors';

const DAY = 86_400_000;

/** Epoch milliseconds or an ISO 8601 date. */
const TimeSchema = z.string().transform((s, ctx) => {
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 date' });
  return t;
});

export const VitalsQuerySchema = z.object({
  site: z.string().optional(),
  route: z.string().max(256).optional(),
  metric: VitalNameSchema.optional(),
  platform: LmsPlatformSchema.optional(),
  from: TimeSchema.optional(),
  to: TimeSchema.optional(),
});

/** The site a query is about: the one named, or the only one there is. */
export async function resolveSite(store: Store, siteId: string | undefined): Promise<Site> {
  const sites = await store.listSites();
  if (siteId === undefined) {
    if (sites.length === 1) return sites[0];
    throw new HttpError(400, 'site: required when there is not exactly one site', 'site');
  }
  const site = sites.find((s) => s.id === siteId);
  if (!site) throw new HttpError(404, `site ${siteId} not found`, 'site');
  return site;
}

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
  const to = q.to ?? clock();
  const from = q.from ?? to - DAY;
  if (from > to) throw new HttpError(400, 'from: must not be after to', 'from');
  const site = await resolveSite(store, q.site);
  const metrics = q.metric ? [q.metric] : [...VITAL_NAMES];
  const filter = { siteId: site.id, fromMinute: Math.floor(from / 60_000), toMinute: Math.floor(to / 60_000), metrics, where: { route: q.route, platform: q.platform } };
  const [totals, bins] = await Promise.all([store.rollupTotals(filter), store.rollupBins(filter)]);
  const result: VitalsResponse['metrics'] = {};
  for (const m of metrics) {
    result[m] = summarise(totals.find((t) => t.metric === m), bins.filter((b) => b.metric === m));
  }
  return { site: site.id, route: q.route ?? null, platform: q.platform ?? null, from, to, metrics: result };
}
