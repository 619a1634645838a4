// GET /v1/overview: the seed guide's operational overview with red/amber/green.
import {
  OVERVIEW_THRESHOLDS,
  type Figure,
  type OverviewResponse,
  type Status,
} from '../../../../shared/query';
import type { RollupTotals, Store } from '../../ports';
import { uptimePercent } from '../synthetic/uptime';
import { LmsParams, parseParams, RangeParams, resolveWindow, type Window } from './params';
import { createReader } from './read';

/** green / amber / red for a value where higher is worse (or lower, for uptime). */
export function statusOf(
  value: number | null,
  t: { amber: number; red: number },
  lowerIsWorse = false,
): Status | null {
  if (value === null) return null;
  if (lowerIsWorse) return value < t.red ? 'red' : value < t.amber ? 'amber' : 'green';
  return value > t.red ? 'red' : value > t.amber ? 'amber' : 'green';
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
/** Counts in notes read like the dashboard's: `1,234`. */
const fmt = (n: number) => n.toLocaleString('en-US');

/** Uptime of the site's synthetic checks over the window: passed runs / all runs. */
async function uptime(store: Store, window: Window): Promise<Figure> {
  const checks = await store.listChecks(window.site.id);
  if (!checks.length)
    return { value: null, status: null, note: 'no synthetic checks yet: add one with POST /v1/checks' };
  const counts = await Promise.all(checks.map((c) => store.checkCounts(c.id, window.from, window.to)));
  const total = counts.reduce((n, c) => n + c.total, 0);
  const value = uptimePercent(
    counts.reduce((n, c) => n + c.ok, 0),
    total,
  );
  if (value === null) return { value: null, status: null, note: 'no check runs in this range' };
  return {
    value,
    status: statusOf(value, OVERVIEW_THRESHOLDS.uptime, true),
    note: `${fmt(checks.length)} check(s), ${fmt(total)} run(s)`,
  };
}

/** Page views and JS errors per platform × frame, most page views first. */
function browserSplit(rows: RollupTotals[]): NonNullable<OverviewResponse['browser']> {
  const by = new Map<string, { platform: string; frame: string; pageviews: number; jsErrors: number }>();
  for (const row of rows) {
    const [platform, frame] = [row.group ?? '', row.subgroup ?? ''];
    const id = `${platform}\u0000${frame}`;
    const b = by.get(id) ?? by.set(id, { platform, frame, pageviews: 0, jsErrors: 0 }).get(id)!;
    if (row.metric === 'pageviews') b.pageviews += row.count;
    else b.jsErrors += row.count;
  }
  return [...by.values()].sort(
    (a, b) =>
      b.pageviews - a.pageviews || `${a.platform} ${a.frame}`.localeCompare(`${b.platform} ${b.frame}`),
  );
}

export async function queryOverview(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<OverviewResponse> {
  const q = parseParams({ ...RangeParams, ...LmsParams }, params);
  const window = await resolveWindow(store, now, q);
  const r = createReader(store, window);
  // platform and frame are the widget's: they narrow the browser figures; server figures have neither.
  const where = { platform: q.platform, frame: q.frame };
  const [requests, statuses, launches, browser, split, up] = await Promise.all([
    r.summaries({ metrics: ['request.duration'] }),
    r.totals({ metrics: ['request.duration'], groupBy: 'dim' }),
    r.totals({ metrics: ['lti.launch'], groupBy: 'route' }),
    r.totals({ metrics: ['pageviews', 'errors'], where }),
    r.totals({ metrics: ['pageviews', 'errors'], where, groupBy: 'platform', thenBy: 'frame' }),
    uptime(store, window),
  ]);
  const req = requests.get('request.duration');
  const total = req?.count ?? 0;
  const serverErrors = statuses.find((s) => s.group === '5xx')?.count ?? 0;
  const errorRate = ratio(serverErrors, total);
  const launched = launches.reduce((n, l) => n + l.count, 0);
  const failed = launches.find((l) => l.group === 'failed')?.count ?? 0;
  const pageviews = browser.find((b) => b.metric === 'pageviews')?.count ?? 0;
  const jsErrors = browser.find((b) => b.metric === 'errors')?.count ?? 0;
  const noRequests = total ? {} : { note: 'no server requests in this range (server-side SDK)' };
  const narrowed = [q.platform, q.frame].filter(Boolean).join(', ');
  const T = OVERVIEW_THRESHOLDS;
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    figures: {
      totalRequests: { value: total, status: null, ...noRequests },
      errorRate: { value: errorRate, status: statusOf(errorRate, T.errorRate), ...noRequests },
      avgResponseTime: {
        value: req?.avg ?? null,
        status: statusOf(req?.avg ?? null, T.avgResponseTime),
        ...noRequests,
      },
      p95ResponseTime: {
        value: req?.p95 ?? null,
        status: statusOf(req?.p95 ?? null, T.p95ResponseTime),
        ...noRequests,
      },
      ltiLaunches: {
        value: launched,
        status: statusOf(ratio(failed, launched), T.ltiLaunchFailureRate),
        note: `${fmt(failed)} failed`,
      },
      uptime: up,
      pageviews: { value: pageviews, status: null, ...(narrowed ? { note: `${narrowed} only` } : {}) },
      jsErrors: {
        value: jsErrors,
        status: statusOf(ratio(jsErrors, pageviews), T.jsErrorsPerPageview),
        note: `status from errors per page view${narrowed ? `; ${narrowed} only` : ''}`,
      },
    },
    browser: browserSplit(split),
  };
}
