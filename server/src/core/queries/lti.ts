// GET /v1/lti: launches, deep links, Names and Roles, grades (the seed's LTIMetrics).
import type { LtiResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';

const ACTIONS = ['launch', 'nrps', 'grade', 'deep_link.created', 'deep_link.used', 'deep_link.succeeded'];

export async function queryLti(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<LtiResponse> {
  const window = await resolveWindow(store, now, parseParams(RangeParams, params));
  const r = createReader(store, window);
  const metrics = ACTIONS.map((a) => `lti.${a}`);
  const [outcomes, summaries, platforms, platformTimes] = await Promise.all([
    r.totals({ metrics, groupBy: 'route' }),
    r.summaries({ metrics }),
    r.totals({ metrics: ['lti.launch'], groupBy: 'dim', thenBy: 'route' }),
    // Launch times per platform (dim): the platforms' p50 and p95 were never read, so always null.
    r.summaries({ metrics: ['lti.launch'], groupBy: 'dim' }, (row) => row.group ?? ''),
  ]);
  const action = (count: number, failed: number, p50: number | null = null, p95: number | null = null) => ({
    count,
    failed,
    successRate: count ? (count - failed) / count : null,
    p50,
    p95,
  });
  const actions: LtiResponse['actions'] = {};
  for (const a of ACTIONS) {
    const rows = outcomes.filter((o) => o.metric === `lti.${a}`);
    const s = summaries.get(`lti.${a}`);
    actions[a] = action(
      rows.reduce((n, o) => n + o.count, 0),
      rows.find((o) => o.group === 'failed')?.count ?? 0,
      s?.p50,
      s?.p95,
    );
  }
  const byPlatform = new Map<string, { count: number; failed: number }>();
  for (const p of platforms) {
    const entry =
      byPlatform.get(p.group!) ?? byPlatform.set(p.group!, { count: 0, failed: 0 }).get(p.group!)!;
    entry.count += p.count;
    if (p.subgroup === 'failed') entry.failed += p.count;
  }
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    actions,
    platforms: [...byPlatform]
      .map(([platform, p]) => {
        const t = platformTimes.get(platform);
        return { platform, ...action(p.count, p.failed, t?.p50, t?.p95) };
      })
      .sort((a, b) => b.count - a.count || a.platform.localeCompare(b.platform)),
    uniquePlatforms: byPlatform.size,
  };
}
