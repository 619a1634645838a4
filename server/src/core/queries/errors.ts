// GET /v1/errors (top error groups over a range) and /v1/errors/:fingerprint.
// Counts in the range come from the `errors` rollups (dim = fingerprint); the
// rest from the error group table.
import { z } from 'zod';
import type { ErrorDetailResponse, ErrorGroup, ErrorsResponse } from '../../../../shared/query';
import type { ErrorGroupRow, Store } from '../../ports';
import { HttpError } from '../errors';
import { hllEstimate } from '../hll';
import { LmsParams, PageParams, parseParams, RangeParams, resolveWindow } from './params';
import { createReader } from './read';
import { chooseStep, seriesOf } from './timeseries';

function toGroup(row: ErrorGroupRow, count: number): ErrorGroup {
  const { stack: _stack, sessions, count: totalCount, ...rest } = row;
  return { ...rest, count, totalCount, affectedSessions: hllEstimate(sessions.registers, sessions.sum) };
}

export async function queryErrors(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<ErrorsResponse> {
  const q = parseParams(
    { ...RangeParams, ...PageParams, ...LmsParams, route: z.string().max(256).optional() },
    params,
  );
  const window = await resolveWindow(store, now, q);
  const where = { route: q.route, platform: q.platform, frame: q.frame };
  const counts = (await createReader(store, window).totals({ metrics: ['errors'], groupBy: 'dim', where }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || a.group!.localeCompare(b.group!));
  const page = counts.slice(q.offset, q.offset + q.limit);
  const rows = new Map(
    (
      await store.errorGroups(
        window.site.id,
        page.map((p) => p.group!),
      )
    ).map((g) => [g.fingerprint, g]),
  );
  const groups = page.flatMap((p) => {
    const row = rows.get(p.group!);
    return row ? [toGroup(row, p.count)] : [];
  });
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    total: counts.length,
    limit: q.limit,
    offset: q.offset,
    groups,
  };
}

export async function queryErrorGroup(
  store: Store,
  now: number,
  fingerprint: string,
  params: Record<string, string>,
): Promise<ErrorDetailResponse> {
  const q = parseParams(RangeParams, params);
  const window = await resolveWindow(store, now, q);
  const [row] = await store.errorGroups(window.site.id, [fingerprint]);
  if (!row) throw new HttpError(404, `no error group ${fingerprint}`, 'fingerprint');
  const reader = createReader(store, window);
  const step = chooseStep(window, undefined);
  const [byRoute, points] = await Promise.all([
    reader.totals({ metrics: ['errors'], where: { dim: fingerprint }, groupBy: 'route' }),
    seriesOf(reader, { name: 'errors.group', rollup: 'errors', dim: fingerprint, countOnly: true }, step),
  ]);
  const count = byRoute.reduce((n, r) => n + r.count, 0);
  return {
    site: window.site.id,
    from: window.from,
    to: window.to,
    group: { ...toGroup(row, count), stack: row.stack },
    byRoute: byRoute
      .map((r) => ({ route: r.group!, count: r.count }))
      .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route)),
    series: { step, points },
  };
}
