// GET /v1/releases: the releases seen in the range, newest first, each compared with
// the release first seen before it (core/releases.ts) over all both have stored,
// whatever the range: a release's figures are its whole life, not a window of it.
import { z } from 'zod';
import type { ReleaseSummary, ReleasesResponse } from '../../../../shared/releases';
import type { ReleaseStatRow, Store } from '../../ports';
import { compareReleases, DEFAULT_RELEASE_THRESHOLDS } from '../releases';
import { parseParams, RangeParams, resolveWindow } from './params';

const Params = {
  ...RangeParams,
  /** Comparisons kept per release (regressions first). */
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** `false`: the releases and when they were seen only (the charts' deploy markers), nothing compared. */
  compare: z.enum(['true', 'false']).default('true'),
};

export async function queryReleases(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<ReleasesResponse> {
  const q = parseParams(Params, params);
  // Releases live for weeks: the last 30 days unless asked otherwise.
  const window = await resolveWindow(store, now, { ...q, range: q.range ?? (q.from ? undefined : '30d') });
  const all = await store.releases(window.site.id);
  const shown = all
    .map((r, i) => ({ ...r, previous: i > 0 ? all[i - 1].release : null }))
    .filter((r) => r.lastSeen >= window.from && r.firstSeen <= window.to);
  const wanted = [...new Set(shown.flatMap((r) => (r.previous ? [r.release, r.previous] : [r.release])))];
  const byRelease = new Map<string, ReleaseStatRow[]>();
  const compare = q.compare === 'true';
  for (const row of wanted.length && compare ? await store.releaseStats(window.site.id, wanted) : [])
    (byRelease.get(row.release) ?? byRelease.set(row.release, []).get(row.release)!).push(row);
  const releases = shown.reverse().map((r): ReleaseSummary => {
    const comparisons =
      r.previous && compare
        ? compareReleases(byRelease.get(r.previous) ?? [], byRelease.get(r.release) ?? [])
        : [];
    return {
      ...r,
      regressions: comparisons.filter((c) => c.regression).length,
      comparisons: comparisons.slice(0, q.limit),
    };
  });
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    thresholds: DEFAULT_RELEASE_THRESHOLDS,
    releases,
  };
}
