// GET /v1/insights: advice ranked by impact (time lost × traffic), each with its
// evidence and a fix (issue #16 item 5). Slow templates and their plans, endpoints'
// failures and regressions (this range against the previous one of the same length)
// from rollups; LCP, INP, CLS and long-frame attribution from the newest raw batches.
import { z } from 'zod';
import type { InsightsResponse } from '../../../../shared/insights';
import type { LongTasksEvent, VitalEvent } from '../../../../shared/protocol';
import type { Store } from '../../ports';
import {
  clsInsights,
  inpInsights,
  lcpInsights,
  scriptInsights,
  type BrowserSample,
} from '../insights/browser-rules';
import { rankInsights } from '../insights/rank';
import {
  errorInsights,
  regressionInsights,
  slowQueryInsights,
  type EndpointFigures,
  type TemplateFigures,
} from '../insights/server-rules';
import { parseParams, RangeParams, resolveWindow } from './params';
import { createReader, type Reader } from './read';

/** The slowest templates (by time spent) whose plans are looked at. */
const TEMPLATES = 50;
/** The newest browser events read for attribution. */
export const ATTRIBUTION_SAMPLES = 5_000;

async function templateFigures(r: Reader): Promise<TemplateFigures[]> {
  const [all, slow] = await Promise.all([
    r.totals({ metrics: ['db.duration'], groupBy: 'dim' }),
    r.totals({ metrics: ['db.slow'], groupBy: 'dim' }),
  ]);
  const slowBy = new Map(slow.map((s) => [s.group!, s.count]));
  const top = all.sort((a, b) => b.sum - a.sum || a.group!.localeCompare(b.group!)).slice(0, TEMPLATES);
  const p95s = top.length
    ? await r.summaries(
        { metrics: ['db.duration'], groupBy: 'dim', where: { dim: top.map((t) => t.group!) } },
        (x) => x.group!,
      )
    : new Map();
  return top.map((t) => ({
    template: t.group!,
    count: t.count,
    totalTime: t.sum,
    p95: p95s.get(t.group!)?.p95 ?? null,
    slow: slowBy.get(t.group!) ?? 0,
  }));
}

async function endpointFigures(r: Reader): Promise<EndpointFigures[]> {
  const metrics = ['request.duration'];
  const [summaries, statuses] = await Promise.all([
    r.summaries({ metrics, groupBy: 'route' }, (x) => x.group ?? ''),
    r.totals({ metrics, groupBy: 'route', thenBy: 'dim', where: { dim: ['5xx'] } }),
  ]);
  const errors = new Map(statuses.map((s) => [s.group!, s.count]));
  return [...summaries].map(([route, s]) => ({
    route,
    count: s.count,
    avg: s.avg,
    p95: s.p95,
    errors: errors.get(route) ?? 0,
  }));
}

function browserSamples(rows: { route: string; body: string }[]): BrowserSample[] {
  return rows.map((r) => ({ route: r.route, event: JSON.parse(r.body) as VitalEvent | LongTasksEvent }));
}

export async function queryInsights(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<InsightsResponse> {
  const q = parseParams(
    { ...RangeParams, limit: z.coerce.number().int().min(1).max(100).default(20) },
    params,
  );
  const window = await resolveWindow(store, now, q);
  const span = window.to - window.from;
  const r = createReader(store, window);
  const before = createReader(store, { ...window, from: window.from - span - 1, to: window.from - 1 });
  const [templates, endpoints, previous, rows] = await Promise.all([
    templateFigures(r),
    endpointFigures(r),
    endpointFigures(before),
    store.attributionSamples({
      siteId: window.site.id,
      from: window.from,
      to: window.to,
      limit: ATTRIBUTION_SAMPLES,
    }),
  ]);
  const plans = templates.length
    ? await store.queryPlans(
        window.site.id,
        templates.map((t) => t.template),
      )
    : [];
  const samples = browserSamples(rows);
  const insights = rankInsights([
    ...slowQueryInsights(templates, new Map(plans.map((p) => [p.template, p.plan]))),
    ...errorInsights(endpoints),
    ...regressionInsights(endpoints, new Map(previous.map((e) => [e.route, e]))),
    ...lcpInsights(samples),
    ...inpInsights(samples),
    ...scriptInsights(samples),
    ...clsInsights(samples),
  ]);
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    insights: insights.slice(0, q.limit),
    total: insights.length,
  };
}
