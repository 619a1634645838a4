// Shapes of the query API's answers, shared by the server, the dashboard and the extension.
import { z } from 'zod';
import { VitalNameSchema } from './protocol';

export const VitalSummarySchema = z.object({
  count: z.number().int(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  /** Shares of samples per web-vitals rating, each in [0, 1]; 0 when there are none. */
  good: z.number(),
  needsImprovement: z.number(),
  poor: z.number(),
});
export type VitalSummary = z.infer<typeof VitalSummarySchema>;

const VitalMetricsSchema = z.partialRecord(VitalNameSchema, VitalSummarySchema);

/** `groupBy=` of /v1/vitals: the LMS, the frame (tool frame or top-level page), or both. */
export const VITALS_GROUP_BY = ['platform', 'frame', 'platform,frame'] as const;

export const VitalsResponseSchema = z.object({
  site: z.string(),
  route: z.string().nullable(),
  platform: z.string().nullable(),
  frame: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  metrics: VitalMetricsSchema,
  /** With `groupBy`: the same per value (platform, frame or both; '' where a row had none), most samples first. */
  groups: z
    .array(
      z.object({
        platform: z.string().optional(),
        frame: z.string().optional(),
        metrics: VitalMetricsSchema,
      }),
    )
    .optional(),
});
export type VitalsResponse = z.infer<typeof VitalsResponseSchema>;

// ---- The query API (/v1/overview, /v1/timeseries, …): every answer names its
// site and range (epoch ms, inclusive) beside what it is about.

const RangeFields = { site: z.string(), from: z.number(), to: z.number() };

/** Count, mean, percentiles (from the sketch: within 1%) and web-vitals rating shares. */
export const SummarySchema = VitalSummarySchema.extend({
  /** Sum of values / count; null when there are none. */
  avg: z.number().nullable(),
});
export type Summary = z.infer<typeof SummarySchema>;

export const StatusSchema = z.enum(['green', 'amber', 'red']);
export type Status = z.infer<typeof StatusSchema>;

export { OVERVIEW_THRESHOLDS } from './limits';

export const FigureSchema = z.object({
  value: z.number().nullable(),
  /** null when the figure has no threshold or no data. */
  status: StatusSchema.nullable(),
  /** Why the value is missing, or what it is made of. */
  note: z.string().optional(),
});
export type Figure = z.infer<typeof FigureSchema>;

export const OverviewResponseSchema = z.object({
  ...RangeFields,
  figures: z.object({
    /** Requests the tool's server answered (server SDK). */
    totalRequests: FigureSchema,
    /** Share of them answered 5xx. */
    errorRate: FigureSchema,
    avgResponseTime: FigureSchema,
    p95ResponseTime: FigureSchema,
    /** LTI launches; status from the share that failed. */
    ltiLaunches: FigureSchema,
    /** Percent of synthetic check runs that passed; null until there are checks. */
    uptime: FigureSchema,
    pageviews: FigureSchema,
    /** Browser errors; status from errors per page view. */
    jsErrors: FigureSchema,
  }),
  /** Page views and browser errors per LMS platform and frame (`framed`: the tool frame, `top`: a top-level page), most page views first. */
  browser: z
    .array(z.object({ platform: z.string(), frame: z.string(), pageviews: z.number(), jsErrors: z.number() }))
    .optional(),
});
export type OverviewResponse = z.infer<typeof OverviewResponseSchema>;

/** What `/v1/timeseries?metric=` accepts besides any rollup metric name. */
export const SERIES_METRICS = [
  'requests',
  'errors',
  'response_time',
  'lti_launches',
  'js_errors',
  'pageviews',
] as const;
export const STEPS = { '1m': 1, '5m': 5, '1h': 60, '1d': 1440 } as const;
export type Step = keyof typeof STEPS;
/** The most points one series may have. */
export const MAX_POINTS = 1_500;

export const PointSchema = z.object({
  /** Start of the step, epoch ms. */
  t: z.number(),
  count: z.number(),
  /** errors: share of requests; lti_launches: share that failed. */
  rate: z.number().nullable().optional(),
  avg: z.number().nullable().optional(),
  p50: z.number().nullable().optional(),
  p75: z.number().nullable().optional(),
  p95: z.number().nullable().optional(),
  p99: z.number().nullable().optional(),
});
export type Point = z.infer<typeof PointSchema>;

export const TimeseriesResponseSchema = z.object({
  ...RangeFields,
  metric: z.string(),
  step: z.enum(Object.keys(STEPS) as [Step, ...Step[]]),
  /** One point per step from the step containing `from`, empty steps included. */
  points: z.array(PointSchema),
});
export type TimeseriesResponse = z.infer<typeof TimeseriesResponseSchema>;

const PageFields = { total: z.number().int(), limit: z.number().int(), offset: z.number().int() };

export const VitalsRoutesResponseSchema = z.object({
  ...RangeFields,
  ...PageFields,
  metric: VitalNameSchema,
  sort: z.enum(['p75', 'p95', 'count', 'poor']),
  order: z.enum(['asc', 'desc']),
  routes: z.array(VitalSummarySchema.extend({ route: z.string() })),
});
export type VitalsRoutesResponse = z.infer<typeof VitalsRoutesResponseSchema>;

export const BREAKDOWN_BY = [
  'route',
  'platform',
  'frame',
  'device',
  'country',
  'status',
  'template',
  'issuer',
  'outcome',
] as const;

export const BreakdownResponseSchema = z.object({
  ...RangeFields,
  metric: z.string(),
  by: z.enum(BREAKDOWN_BY),
  /** Largest count first. */
  groups: z.array(SummarySchema.extend({ value: z.string() })),
});
export type BreakdownResponse = z.infer<typeof BreakdownResponseSchema>;

export const ErrorGroupSchema = z.object({
  fingerprint: z.string(),
  type: z.string(),
  /** The normalised message: numbers, ids, URLs and quoted values as placeholders. */
  title: z.string(),
  /** One message as it was sent. */
  message: z.string(),
  /** The top in-app stack frame (`fn (file)`), '' when unknown. */
  frame: z.string(),
  /** Occurrences in the range (from rollups). */
  count: z.number().int(),
  /** Occurrences ever kept. */
  totalCount: z.number().int(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** Distinct sessions that hit it, ever: a HyperLogLog estimate (±9 %). */
  affectedSessions: z.number().int(),
  /** The first 20 routes it happened on. */
  routes: z.array(z.string()),
});
export type ErrorGroup = z.infer<typeof ErrorGroupSchema>;

export const ErrorsResponseSchema = z.object({
  ...RangeFields,
  ...PageFields,
  groups: z.array(ErrorGroupSchema),
});
export type ErrorsResponse = z.infer<typeof ErrorsResponseSchema>;

export const ErrorDetailResponseSchema = z.object({
  ...RangeFields,
  group: ErrorGroupSchema.extend({ stack: z.string() }),
  /** Occurrences per route in the range, most first. */
  byRoute: z.array(z.object({ route: z.string(), count: z.number().int() })),
  series: z.object({ step: z.enum(Object.keys(STEPS) as [Step, ...Step[]]), points: z.array(PointSchema) }),
});
export type ErrorDetailResponse = z.infer<typeof ErrorDetailResponseSchema>;

export const EndpointSchema = SummarySchema.omit({ good: true, needsImprovement: true, poor: true }).extend({
  /** `METHOD /route/pattern`. */
  route: z.string(),
  /** Share answered 5xx. */
  errorRate: z.number(),
  statuses: z.record(z.string(), z.number().int()),
});
export const EndpointsResponseSchema = z.object({
  ...RangeFields,
  ...PageFields,
  sort: z.enum(['p95', 'avg', 'count', 'errorRate']),
  endpoints: z.array(EndpointSchema),
});
export type EndpointsResponse = z.infer<typeof EndpointsResponseSchema>;

export const DatabaseResponseSchema = z.object({
  ...RangeFields,
  queries: z.number().int(),
  avgDuration: z.number().nullable(),
  p95Duration: z.number().nullable(),
  /** Queries over 1,000 ms. */
  slowQueries: z.number().int(),
  /** Failed queries by kind (connection, timeout, constraint, other). */
  errors: z.record(z.string(), z.number().int()),
  byOp: z.record(z.string(), z.number().int()),
  /** The most expensive templates: highest total time first. */
  templates: z.array(
    z.object({
      template: z.string(),
      op: z.string(),
      count: z.number().int(),
      totalTime: z.number(),
      avg: z.number().nullable(),
      p95: z.number().nullable(),
      slow: z.number().int(),
    }),
  ),
});
export type DatabaseResponse = z.infer<typeof DatabaseResponseSchema>;

const LtiActionSchema = z.object({
  count: z.number().int(),
  failed: z.number().int(),
  /** Share that succeeded; null without any. */
  successRate: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
});
export const LtiResponseSchema = z.object({
  ...RangeFields,
  /** launch, nrps, grade, deep_link.created, deep_link.used, deep_link.succeeded. */
  actions: z.record(z.string(), LtiActionSchema),
  /** Launches per platform (issuer host), most first. */
  platforms: z.array(LtiActionSchema.extend({ platform: z.string() })),
  uniquePlatforms: z.number().int(),
});
export type LtiResponse = z.infer<typeof LtiResponseSchema>;

/** Launch times of one group: how many launches, and their percentiles (ms; null without any). */
const LaunchPercentilesSchema = z.object({
  count: z.number().int(),
  p50: z.number().nullable(),
  p75: z.number().nullable(),
  p95: z.number().nullable(),
});
/** GET /v1/lti/launches: LTI launches timed end to end (server/src/core/launches.ts). */
export const LaunchTimesResponseSchema = z.object({
  ...RangeFields,
  /** Login initiation reaching the tool → the launch page's largest contentful paint. */
  total: LaunchPercentilesSchema,
  /** login, platform, tool, network, render: in order, they add up to the total. */
  stages: z.array(LaunchPercentilesSchema.extend({ stage: z.string() })),
  /** The launch page's first contentful paint and interaction latency (INP). */
  fcp: LaunchPercentilesSchema,
  inp: LaunchPercentilesSchema,
  /** Total per issuer host, per placement and per route: slowest p75 first, at most 20 each. */
  platforms: z.array(LaunchPercentilesSchema.extend({ platform: z.string() })),
  placements: z.array(LaunchPercentilesSchema.extend({ placement: z.string() })),
  routes: z.array(LaunchPercentilesSchema.extend({ route: z.string() })),
});
export type LaunchTimesResponse = z.infer<typeof LaunchTimesResponseSchema>;

export const FeatureSchema = z.object({
  name: z.string(),
  /** browser: the widget's `track(name)`; server: the SDK's feature events. */
  source: z.enum(['browser', 'server']),
  count: z.number().int(),
  /** Browser features: distinct users and their share of the range's users; null for server ones. */
  users: z.number().int().nullable(),
  adoption: z.number().nullable(),
  /** Server features with a duration. */
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  /** FAQ-style features: answered from the knowledge base or not. */
  hit: z.number().int().optional(),
  miss: z.number().int().optional(),
});
export const FeaturesResponseSchema = z.object({
  ...RangeFields,
  users: z.number().int(),
  features: z.array(FeatureSchema),
});
export type FeaturesResponse = z.infer<typeof FeaturesResponseSchema>;

export const BusinessResponseSchema = z.object({
  ...RangeFields,
  /** Distinct user keys active in the day, week and 30 days ending at `to`. */
  activeUsers: z.object({ daily: z.number().int(), weekly: z.number().int(), monthly: z.number().int() }),
  /** daily / monthly; null without monthly users. */
  stickiness: z.number().nullable(),
  /** In [from, to]: sessions overlapping it and their users. */
  users: z.number().int(),
  sessions: z.object({
    count: z.number().int(),
    /** Sessions with a user key / distinct users. */
    perUser: z.number().nullable(),
    /** First to last event, ms. */
    avgDuration: z.number().nullable(),
    pageviewsPerSession: z.number().nullable(),
  }),
  /** Of the users active 14 to 7 days before `to`, the share active in the last 7 days. */
  retention: z.object({
    weekOverWeek: z.number().nullable(),
    previousWeekUsers: z.number().int(),
    returnedUsers: z.number().int(),
  }),
  featureAdoption: z.array(z.object({ name: z.string(), users: z.number().int(), adoption: z.number() })),
  /**
   * Active users and sessions per hour (ranges up to 2 days) or per UTC day over the range,
   * empty steps as 0: a session counts in the step it started in (or the first step).
   */
  trend: z.object({
    step: z.enum(['1h', '1d']),
    points: z.array(z.object({ t: z.number(), users: z.number().int(), sessions: z.number().int() })),
  }),
});
export type BusinessResponse = z.infer<typeof BusinessResponseSchema>;
