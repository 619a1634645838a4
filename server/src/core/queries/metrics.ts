// The names the query API takes for `metric=`: a few dashboard figures, the
// web vitals, or any rollup metric of the catalogue (shared/metrics.ts).
import { z } from 'zod';
import { VITAL_NAMES } from '../../../../shared/limits';
import { SERIES_METRICS } from '../../../../shared/query';
import type { Dimension } from '../../ports';

/** How a query metric reads rollups. */
export interface MetricSpec {
  name: string;
  /** The rollup metric. */
  rollup: string;
  /** Only rows with this `dim` (e.g. 5xx for errors). */
  dim?: string;
  /** Count-like (requests, errors): no percentiles. */
  countOnly: boolean;
}

const FIGURES: Record<(typeof SERIES_METRICS)[number], Omit<MetricSpec, 'name'>> = {
  requests: { rollup: 'request.duration', countOnly: true },
  errors: { rollup: 'request.duration', dim: '5xx', countOnly: true },
  response_time: { rollup: 'request.duration', countOnly: false },
  lti_launches: { rollup: 'lti.launch', countOnly: true },
  js_errors: { rollup: 'errors', countOnly: true },
  pageviews: { rollup: 'pageviews', countOnly: true },
};

/** A figure name, a vital, or a rollup metric name (`nav.load`, `custom.chat`, `db.duration`). */
export const MetricSchema = z
  .string()
  .regex(
    /^[A-Za-z][\w.-]{0,99}$/,
    `one of ${[...SERIES_METRICS, ...VITAL_NAMES].join(', ')} or a rollup metric name such as nav.load`,
  )
  .transform((name): MetricSpec => {
    if (name in FIGURES) return { name, ...FIGURES[name as keyof typeof FIGURES] };
    return { name, rollup: name, countOnly: false };
  });

/** `by=` of a breakdown → the rollup dimension: status, template and issuer live in `dim`, LTI outcomes in `route`. */
export const BY_DIMENSION: Record<string, Dimension> = {
  route: 'route',
  platform: 'platform',
  frame: 'frame',
  device: 'device',
  country: 'country',
  status: 'dim',
  template: 'dim',
  issuer: 'dim',
  outcome: 'route',
};
