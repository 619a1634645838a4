// GET /v1/database: query count, mean and p95 time, slow queries, failures,
// and the most expensive templates (highest total time).
import { z } from 'zod';
import type { DatabaseResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';

export async function queryDatabase(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<DatabaseResponse> {
  const q = parseParams(
    { ...RangeParams, limit: z.coerce.number().int().min(1).max(200).default(20) },
    params,
  );
  const window = await resolveWindow(store, now, q);
  const r = createReader(store, window);
  const [all, slow, errors, byOp, templates] = await Promise.all([
    r.summaries({ metrics: ['db.duration'] }),
    r.totals({ metrics: ['db.slow'] }),
    r.totals({ metrics: ['db.errors'], groupBy: 'dim' }),
    r.totals({ metrics: ['db.duration'], groupBy: 'route' }),
    r.totals({ metrics: ['db.duration'], groupBy: 'dim', thenBy: 'route' }),
  ]);
  const top = templates.sort((a, b) => b.sum - a.sum || a.group!.localeCompare(b.group!)).slice(0, q.limit);
  const names = top.map((t) => t.group!);
  const [percentiles, slowByTemplate] = names.length
    ? await Promise.all([
        r.summaries(
          { metrics: ['db.duration'], groupBy: 'dim', thenBy: 'route', where: { dim: names } },
          (x) => `${x.group}\u0000${x.subgroup}`,
        ),
        r.totals({ metrics: ['db.slow'], groupBy: 'dim', thenBy: 'route', where: { dim: names } }),
      ])
    : [new Map(), []];
  const d = all.get('db.duration');
  const counts = (rows: { group?: string; count: number }[]) =>
    Object.fromEntries(rows.map((x) => [x.group!, x.count]));
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    queries: d?.count ?? 0,
    avgDuration: d?.avg ?? null,
    p95Duration: d?.p95 ?? null,
    slowQueries: slow.reduce((n, x) => n + x.count, 0),
    errors: counts(errors),
    byOp: counts(byOp),
    templates: top.map((t) => {
      const key = `${t.group}\u0000${t.subgroup}`;
      const p = percentiles.get(key);
      const slowCount =
        slowByTemplate.find((x) => x.group === t.group && x.subgroup === t.subgroup)?.count ?? 0;
      return {
        template: t.group!,
        op: t.subgroup!,
        count: t.count,
        totalTime: Math.round(t.sum * 10) / 10,
        avg: p?.avg ?? null,
        p95: p?.p95 ?? null,
        slow: slowCount,
      };
    }),
  };
}
