// GET /v1/lti/launches: LTI launches timed end to end (core/launches.ts), from the
// `launch.*` rollups: the total and its stages, and the slowest platforms,
// placements and routes.
import type { LaunchTimesResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { LAUNCH_STAGES } from '../launches';
import { parseParams, RangeParams, resolveWindow } from './params';
import { createReader, type Summary } from './read';

const TOP = 20;

const percentiles = (s: Summary | undefined) => ({
  count: s?.count ?? 0,
  p50: s?.p50 ?? null,
  p75: s?.p75 ?? null,
  p95: s?.p95 ?? null,
});

/** Groups by their total's p75, slowest first (then most launches, then name). */
function slowest<K extends string>(groups: Map<string, Summary>, name: K) {
  return [...groups]
    .map(
      ([value, s]) =>
        ({ [name]: value, ...percentiles(s) }) as { [P in K]: string } & ReturnType<typeof percentiles>,
    )
    .sort((a, b) => (b.p75 ?? 0) - (a.p75 ?? 0) || b.count - a.count || a[name].localeCompare(b[name]))
    .slice(0, TOP);
}

export async function queryLaunchTimes(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<LaunchTimesResponse> {
  const window = await resolveWindow(store, now, parseParams(RangeParams, params));
  const r = createReader(store, window);
  const total = { metrics: ['launch.total'] };
  const [metrics, platforms, placements, routes] = await Promise.all([
    r.summaries({ metrics: [...LAUNCH_STAGES, 'total', 'fcp', 'inp'].map((m) => `launch.${m}`) }),
    r.summaries({ ...total, groupBy: 'platform' }, (row) => row.group ?? ''),
    r.summaries({ ...total, groupBy: 'dim' }, (row) => row.group ?? ''),
    r.summaries({ ...total, groupBy: 'route' }, (row) => row.group ?? ''),
  ]);
  const metric = (m: string) => percentiles(metrics.get(`launch.${m}`));
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    total: metric('total'),
    stages: LAUNCH_STAGES.map((stage) => ({ stage, ...metric(stage) })),
    fcp: metric('fcp'),
    inp: metric('inp'),
    platforms: slowest(platforms, 'platform'),
    placements: slowest(placements, 'placement'),
    routes: slowest(routes, 'route'),
  };
}
