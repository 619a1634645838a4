// GET /v1/features: feature usage from the browser (`track(name)`, with users
// and adoption from sessions) and from the tool's server (SDK feature events).
import type { FeaturesResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { parseParams, RangeParams, resolveWindow } from './params';
import { createReader, type Summary } from './read';

type Feature = FeaturesResponse['features'][number];

/**
 * A feature sent without a duration counts as 1 ms (server-rollup.ts): when every sample is
 * exactly that, it had no durations, and a p95 of `1 ms` would mislead (issue #19).
 */
const untimed = (s: Summary) => s.sum === s.count && s.p99 !== null && s.p99 <= 1.01;

export async function queryFeatures(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<FeaturesResponse> {
  const window = await resolveWindow(store, now, parseParams(RangeParams, params));
  const r = createReader(store, window);
  const [browser, server, outcomes, users, stats] = await Promise.all([
    r.totals({ metrics: [], metricPrefixes: ['custom.'] }),
    r.summaries({ metrics: [], metricPrefixes: ['feature.'] }),
    r.totals({ metrics: [], metricPrefixes: ['feature.'], groupBy: 'dim' }),
    store.featureUsers(window.site.id, window.from, window.to),
    store.sessionStats(window.site.id, window.from, window.to),
  ]);
  const usersOf = new Map(users.map((u) => [u.name, u.users]));
  const features: Feature[] = browser.map((t) => {
    const name = t.metric.slice('custom.'.length);
    const n = usersOf.get(name) ?? 0;
    return {
      name,
      source: 'browser',
      count: t.count,
      users: n,
      adoption: stats.users ? n / stats.users : null,
      p50: null,
      p95: null,
    };
  });
  for (const [metric, s] of server) {
    const timed = !untimed(s);
    const feature: Feature = {
      name: metric.slice('feature.'.length),
      source: 'server',
      count: s.count,
      users: null,
      adoption: null,
      p50: timed ? s.p50 : null,
      p95: timed ? s.p95 : null,
    };
    const hits = outcomes.filter((o) => o.metric === metric && o.group !== '');
    if (hits.length) {
      feature.hit = hits.find((o) => o.group === 'hit')?.count ?? 0;
      feature.miss = hits.find((o) => o.group === 'miss')?.count ?? 0;
    }
    features.push(feature);
  }
  features.sort(
    (a, b) => b.count - a.count || a.name.localeCompare(b.name) || a.source.localeCompare(b.source),
  );
  return { site: window.site.id, from: window.from, to: window.to, users: stats.users, features };
}
