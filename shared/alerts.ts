// Alert rules, notification channels, silences and the shapes the alerts API
// answers with: zod schemas and their types, side by side. Semantics follow
// Prometheus (for, keep_firing_for) and Alertmanager (group_wait, group_interval,
// repeat_interval): https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
import { z } from 'zod';
import { VITAL_NAMES } from './limits';

/** `30s`, `5m`, `6h`, `3d`, or a number of seconds; parsed to milliseconds. */
export const DurationSchema = z
  .union([
    z
      .number()
      .nonnegative()
      .max(366 * 86_400)
      .transform((s) => s * 1000),
    z
      .string()
      .regex(/^\d{1,6}(ms|s|m|h|d)$/, 'expected a duration like 30s, 5m, 6h or 3d')
      .transform((d) => {
        const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(d)!;
        return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
      }),
  ])
  .refine((ms) => ms <= 366 * 86_400_000, 'at most 366d');

/**
 * An http(s) URL without credentials: `user:pass@` would be sent to the target and
 * kept in every copy of the URL (redirect logs, errors), so secrets go in the path,
 * a header (the webhook's `secret`) or a routing key instead.
 */
const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .max(2048)
  .refine((u) => {
    const url = new URL(u);
    return !url.username && !url.password;
  }, 'credentials (user:password@) are not allowed in the URL');
/** A link shown in the dashboard and in notifications: http(s) only, so never `javascript:`. */
const LinkUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).max(2048);
/** A host name or IP address, as SMTP connects to it (no scheme, port or path). */
const HostSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9_.-]+)$/,
    'expected a host name or an IP address',
  );

export const SeveritySchema = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof SeveritySchema>;
export const ComparisonSchema = z.enum(['>', '>=', '<', '<=']);
export type Comparison = z.infer<typeof ComparisonSchema>;

export const RuleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _, . and - (at most 64)');
export const ChannelIdSchema = RuleIdSchema;

const Quantile = z.number().gt(0).lt(1);

/** One burn-rate alert: both windows burn faster than `burnRate` (Google SRE Workbook, ch. 5). */
export const BurnWindowSchema = z.strictObject({
  long: DurationSchema,
  short: DurationSchema,
  burnRate: z.number().positive(),
});

/** What a rule measures. Each yields a value (and a sample count) per site, or per route with `per: "route"`. */
export const ConditionSchema = z.discriminatedUnion('type', [
  /** Share of server requests answered 5xx (request.duration, dim = status class). */
  z.strictObject({ type: z.literal('error_rate') }),
  /** A quantile of server request durations, ms. */
  z.strictObject({ type: z.literal('response_time'), quantile: Quantile.default(0.95) }),
  /** Database errors of one kind (db.errors dim), counted over the window; samples are queries. */
  z.strictObject({
    type: z.literal('db_errors'),
    kind: z.enum(['connection', 'timeout', 'constraint', 'other']).default('connection'),
  }),
  /** Commits accepted but not yet written (the ingest group-commit queue). */
  z.strictObject({ type: z.literal('ingest_backlog') }),
  /** A quantile of a web vital (LCP, INP, CLS… from the widget). */
  z.strictObject({ type: z.literal('vital'), metric: z.enum(VITAL_NAMES), quantile: Quantile.default(0.75) }),
  /** JS errors per page view. */
  z.strictObject({ type: z.literal('js_error_rate') }),
  /** JS errors per page view, as a multiple of the previous window's rate (at least `floor`). */
  z.strictObject({ type: z.literal('js_error_spike'), floor: z.number().positive().default(0.01) }),
  /** 1 while a synthetic check is DOWN (3 failures in a row), 0 once UP (2 successes); one series per check. */
  z.strictObject({ type: z.literal('synthetic_check'), check: z.string().max(64).optional() }),
  /** Sightline's own /health checks: 0 pass, 1 warn, 2 fail; one series per check. */
  z.strictObject({ type: z.literal('health_check'), check: z.string().max(128).optional() }),
  /**
   * An availability SLO with multi-window, multi-burn-rate alerting. The value is the
   * highest of min(long burn, short burn) / burnRate over the windows: ≥ 1 means burning.
   */
  z.strictObject({
    type: z.literal('slo'),
    sli: z.enum(['requests', 'checks']).default('requests'),
    objective: z.number().gt(0).lt(1),
    windows: z.array(BurnWindowSchema).min(1).max(6),
  }),
  /**
   * Error and warning log lines mined into patterns (server/src/core/log-patterns.ts): the value is
   * how many patterns spike in the window against the same window on each of the previous `days`
   * days (at least `minCount` lines and `factor` times the pattern's mean there).
   */
  z.strictObject({
    type: z.literal('log_pattern_spike'),
    days: z.number().int().min(1).max(14).default(7),
    minCount: z.number().int().min(1).max(1_000_000).default(10),
    factor: z.number().min(1).max(1_000).default(3),
  }),
  /** Any rollup metric of the catalogue (shared/metrics.ts), aggregated over the window. */
  z.strictObject({
    type: z.literal('metric'),
    metric: z.string().min(1).max(128),
    aggregate: z.enum(['count', 'sum', 'avg', 'p50', 'p75', 'p90', 'p95', 'p99']),
    dim: z.string().max(256).optional(),
  }),
]);
export type Condition = z.infer<typeof ConditionSchema>;

/** Conditions whose threshold has a natural default (a state, a burn ratio). */
const IMPLIED: Partial<Record<Condition['type'], { threshold: number; comparison: Comparison }>> = {
  synthetic_check: { threshold: 1, comparison: '>=' },
  health_check: { threshold: 2, comparison: '>=' },
  slo: { threshold: 1, comparison: '>=' },
  log_pattern_spike: { threshold: 1, comparison: '>=' },
};

/** Accepts Prometheus' snake_case keys (`keep_firing_for`) beside camelCase. */
const camelKeys = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), x]),
      )
    : v;

export const AlertRuleInputSchema = z.preprocess(
  camelKeys,
  z
    .strictObject({
      id: RuleIdSchema.optional(),
      name: z.string().min(1).max(128),
      description: z.string().max(1024).optional(),
      condition: ConditionSchema,
      comparison: ComparisonSchema.optional(),
      threshold: z.number().finite().optional(),
      /** Hysteresis: once active, the alert stays active until the value crosses this instead. */
      clearThreshold: z.number().finite().optional(),
      /** The range each evaluation looks back over. */
      window: DurationSchema.default(300_000),
      /** How long the condition must hold before pending turns firing. */
      for: DurationSchema.default(0),
      /** How long a firing alert keeps firing after its condition stopped holding. */
      keepFiringFor: DurationSchema.default(0),
      /** Fewer samples than this in the window is no data. */
      minSamples: z.number().int().min(1).max(1_000_000).default(1),
      severity: SeveritySchema,
      channels: z.array(ChannelIdSchema).max(20).default([]),
      /** A critical alert still firing and unacknowledged after `after` goes to these channels too. */
      escalate: z
        .strictObject({ after: DurationSchema, channels: z.array(ChannelIdSchema).min(1).max(20) })
        .optional(),
      enabled: z.boolean().default(true),
      scope: z
        .strictObject({
          site: z.string().min(1).max(64).optional(),
          route: z.string().min(1).max(256).optional(),
        })
        .default({}),
      /** One alert per site, or one per route of each site. */
      per: z.enum(['site', 'route']).default('site'),
      /** What a series without enough samples is: its own state (default), OK, or breaching. */
      noData: z.enum(['nodata', 'ok', 'alerting']).default('nodata'),
      runbookUrl: LinkUrl.optional(),
    })
    .superRefine((r, ctx) => {
      const implied = IMPLIED[r.condition.type];
      if (r.threshold === undefined && !implied)
        ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'required' });
      const comparison = r.comparison ?? implied?.comparison ?? '>';
      const threshold = r.threshold ?? implied?.threshold ?? 0;
      if (r.clearThreshold !== undefined) {
        const above = comparison.startsWith('>');
        if (above ? r.clearThreshold > threshold : r.clearThreshold < threshold) {
          ctx.addIssue({
            code: 'custom',
            path: ['clearThreshold'],
            message: `must be ${above ? 'at or below' : 'at or above'} the threshold (${threshold}) for ${comparison}`,
          });
        }
      }
      if (r.condition.type === 'slo') {
        // A burn rate of 1/(1 − objective) means every request failing: the alert could never fire.
        const max = 1 / (1 - r.condition.objective);
        r.condition.windows.forEach((w, i) => {
          if (w.burnRate >= max)
            ctx.addIssue({
              code: 'custom',
              path: ['condition', 'windows', i, 'burnRate'],
              message: `${w.burnRate} cannot be reached with objective ${r.condition.type === 'slo' && r.condition.objective}: the highest possible burn rate is ${Number(max.toFixed(4))} (every event bad)`,
            });
          if (w.short > w.long)
            ctx.addIssue({
              code: 'custom',
              path: ['condition', 'windows', i, 'short'],
              message: 'must not be longer than the long window',
            });
        });
      }
      if (
        r.per === 'route' &&
        !['error_rate', 'response_time', 'vital', 'js_error_rate', 'js_error_spike', 'metric'].includes(
          r.condition.type,
        )
      ) {
        ctx.addIssue({ code: 'custom', path: ['per'], message: `${r.condition.type} has no routes` });
      }
    })
    .transform((r) => {
      const implied = IMPLIED[r.condition.type];
      return {
        ...r,
        comparison: r.comparison ?? implied?.comparison ?? '>',
        threshold: r.threshold ?? implied?.threshold ?? 0,
      };
    }),
);
export type AlertRuleInput = z.input<typeof AlertRuleInputSchema>;
/** A rule as the server keeps it: its id resolved. */
export type AlertRule = z.output<typeof AlertRuleInputSchema> & { id: string };

const Common = {
  id: ChannelIdSchema,
  name: z.string().max(128).optional(),
  /** Send a message when a group's alerts resolve (Alertmanager's send_resolved). */
  sendResolved: z.boolean().default(true),
  groupWait: DurationSchema.default(30_000),
  groupInterval: DurationSchema.default(300_000),
  repeatInterval: DurationSchema.default(14_400_000),
};

export const ChannelInputSchema = z.preprocess(
  camelKeys,
  z.discriminatedUnion('type', [
    /** Alertmanager v4 webhook JSON, signed `X-Sightline-Signature: sha256=<hex>` with `secret`. */
    z.strictObject({
      ...Common,
      type: z.literal('webhook'),
      url: HttpUrl,
      secret: z.string().min(16).max(256).optional(),
      maxAlerts: z.number().int().min(0).default(0),
    }),
    z.strictObject({ ...Common, type: z.literal('slack'), url: HttpUrl }),
    z.strictObject({
      ...Common,
      type: z.literal('pagerduty'),
      routingKey: z.string().min(1).max(64),
      url: HttpUrl.default('https://events.pagerduty.com/v2/enqueue'),
    }),
    z.strictObject({
      ...Common,
      type: z.literal('email'),
      from: z.string().min(3).max(256),
      to: z.array(z.email()).min(1).max(50),
      /**
       * The SMTP server, on Node. Left out on Workers, where the Worker's `send_email`
       * binding (SEND_EMAIL, docs/workers.md) sends it; a server without either refuses it.
       */
      smtp: z
        .strictObject({
          host: HostSchema,
          port: z.number().int().min(1).max(65_535).default(587),
          secure: z.boolean().default(false),
          requireTLS: z.boolean().default(false),
          user: z.string().max(256).optional(),
          pass: z.string().max(256).optional(),
        })
        .optional(),
    }),
  ]),
);
export type ChannelInput = z.input<typeof ChannelInputSchema>;
export type Channel = z.output<typeof ChannelInputSchema>;

/** The rules file (`SIGHTLINE_RULES_FILE`). */
export const RulesFileSchema = z.strictObject({
  /** Keep the built-in default rules (a rule of the file with the same id replaces one). */
  defaults: z.boolean().default(true),
  rules: z.array(z.unknown()).max(1000).default([]),
  channels: z.array(z.unknown()).max(100).default([]),
});

export const SilenceInputSchema = z
  .strictObject({
    /** Alerts of this rule, of this site, or both (all given must match). */
    rule: RuleIdSchema.optional(),
    site: z.string().min(1).max(64).optional(),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    /** Instead of endsAt: how long from now (or from startsAt). */
    duration: DurationSchema.optional(),
    comment: z.string().max(1024).default(''),
  })
  .superRefine((s, ctx) => {
    if (!s.rule && !s.site)
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'a silence needs a rule, a site or both' });
    if (!s.endsAt === !s.duration)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'give either endsAt or duration' });
  });

export interface Silence {
  id: string;
  rule: string | null;
  site: string | null;
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export const ALERT_STATES = ['pending', 'firing', 'nodata', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** One alert as the alerts API shows it (the dashboard, the extension). */
export interface AlertView {
  id: string;
  rule: string;
  name: string;
  severity: Severity;
  state: AlertState;
  site: string;
  route: string | null;
  labels: Record<string, string>;
  value: number | null;
  threshold: number;
  comparison: Comparison;
  /** When it went pending (or, once firing, started firing). ISO 8601. */
  since: string;
  firedAt: string | null;
  resolvedAt: string | null;
  acknowledged: { at: string; by: string } | null;
  silenced: boolean;
  links: { self: string; dashboard: string; runbook?: string };
}
