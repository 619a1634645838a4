// GET /v1/timeseries?metric=&step=: one point per step, empty steps included.
import { z } from 'zod';
import { MAX_POINTS, STEPS, type Point, type Step, type TimeseriesResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { HttpError } from '../errors';
import { MetricSchema, type MetricSpec } from './metrics';
import { LmsParams, parseParams, RangeParams, resolveWindow, type Window } from './params';
import { createReader, type ReadFilter, type Reader } from './read';

const StepSchema = z.enum(Object.keys(STEPS) as [Step, ...Step[]]);
/** Default steps keep a series under this many points. */
const DEFAULT_POINTS = 1_000;

/** The steps [from, to] covers, as epoch minutes. */
function stepsOf(window: Window, minutes: number): number[] {
  const first = Math.floor(window.from / 60_000 / minutes) * minutes;
  const last = Math.floor(window.to / 60_000 / minutes) * minutes;
  return Array.from({ length: (last - first) / minutes + 1 }, (_, i) => first + i * minutes);
}

/** The step asked for (400 if it gives too many points), or the finest that gives at most 1,000. */
export function chooseStep(window: Window, asked: Step | undefined): Step {
  const span = (window.to - window.from) / 60_000;
  if (asked) {
    if (span / STEPS[asked] + 1 > MAX_POINTS)
      throw new HttpError(
        400,
        `step: ${asked} gives more than ${MAX_POINTS} points over this range; use a larger step`,
        'step',
      );
    return asked;
  }
  return (Object.keys(STEPS) as Step[]).find((s) => span / STEPS[s] + 1 <= DEFAULT_POINTS) ?? '1d';
}

/** The points of one metric: counts per step, and percentiles unless it is count-only. */
export async function seriesOf(
  reader: Reader,
  spec: MetricSpec,
  step: Step,
  extra: Omit<ReadFilter, 'metrics' | 'step'> = {},
): Promise<Point[]> {
  const minutes = STEPS[step];
  const where = { ...extra.where, ...(spec.dim === undefined ? {} : { dim: spec.dim }) };
  const base: ReadFilter = { ...extra, metrics: [spec.rollup], step: minutes, where };
  const byTime = (row: { time?: number }) => String(row.time);
  const [summaries, all, outcomes] = await Promise.all([
    spec.countOnly
      ? reader.totals(base).then((rows) => new Map(rows.map((r) => [byTime(r), r])))
      : reader.summaries(base, byTime),
    // errors: the share of all requests in each step.
    spec.name === 'errors' ? reader.totals({ ...base, where: extra.where }) : Promise.resolve([]),
    // lti_launches: the share that failed.
    spec.name === 'lti_launches' ? reader.totals({ ...base, groupBy: 'route' }) : Promise.resolve([]),
  ]);
  const totalAt = new Map(all.map((r) => [byTime(r), r.count]));
  const failedAt = new Map(outcomes.filter((r) => r.group === 'failed').map((r) => [byTime(r), r.count]));
  return stepsOf(reader.window, minutes).map((minute) => {
    const key = String(minute);
    const s = summaries.get(key);
    const count = s?.count ?? 0;
    const point: Point = { t: minute * 60_000, count };
    if (spec.name === 'errors') point.rate = totalAt.get(key) ? count / totalAt.get(key)! : null;
    if (spec.name === 'lti_launches') point.rate = count ? (failedAt.get(key) ?? 0) / count : null;
    if (!spec.countOnly) {
      const p = s && 'p50' in s ? s : null;
      Object.assign(point, {
        avg: p?.avg ?? null,
        p50: p?.p50 ?? null,
        p75: p?.p75 ?? null,
        p95: p?.p95 ?? null,
        p99: p?.p99 ?? null,
      });
    }
    return point;
  });
}

export async function queryTimeseries(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<TimeseriesResponse> {
  const q = parseParams(
    {
      ...RangeParams,
      ...LmsParams,
      metric: MetricSchema,
      step: StepSchema.optional(),
      route: z.string().max(256).optional(),
    },
    params,
  );
  const window = await resolveWindow(store, now, q);
  const step = chooseStep(window, q.step);
  const points = await seriesOf(createReader(store, window), q.metric, step, {
    where: { route: q.route, platform: q.platform, frame: q.frame },
  });
  return { site: window.site.id, from: window.from, to: window.to, metric: q.metric.name, step, points };
}
