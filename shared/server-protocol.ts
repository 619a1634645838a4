// The server-side wire protocol: what the LTI tool's own backend (through the
// server SDK) sends to POST /v1/ingest/server. Zod schemas and their inferred
// types, side by side; the SDK imports only the types.
import { z } from 'zod';
import { LIMITS } from './limits';
import { PLAN_LIMITS } from './insights';
import { DroppedEventSchema, EventIdSchema, LaunchKeySchema, ReleaseSchema } from './protocol';
import {
  DB_ERROR_KINDS,
  DB_OPS,
  DEEP_LINK_STAGES,
  GRADE_ERROR_KINDS,
  LOG_LEVELS,
  LTI_ACTIONS,
  LTI_ROLES,
  SERVER_LIMITS,
} from './server-limits';

const str = (max: number = LIMITS.maxStringLength) => z.string().max(max);
const ms = z.number().finite().min(0).max(SERVER_LIMITS.maxDurationMs);

/** Flat and bounded: at most 20 keys of up to 64 characters. */
const flatRecord = <V extends z.ZodType>(value: V) =>
  z
    .record(str(64), value)
    .refine(
      (r) => Object.keys(r).length <= SERVER_LIMITS.maxContextKeys,
      `at most ${SERVER_LIMITS.maxContextKeys} keys`,
    );

/** A request id as tools and proxies make them (`x-request-id`, a UUID, a Cloudflare ray id). */
export const RequestIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits, _ . : and - only');

/** Fields every event carries: a unique id and when it happened (what the server knows a resent batch by). */
const base = {
  id: EventIdSchema,
  /** Epoch milliseconds when the event happened on the tool's server. */
  t: z.number().int().positive(),
};

/** One HTTP request the tool's server answered. */
export const RequestEventSchema = z.object({
  ...base,
  kind: z.literal('request'),
  method: z.string().regex(/^[A-Z]{1,16}$/, 'an upper-case HTTP method'),
  /** The route pattern (`/api/courses/:id`), never the raw path: it is a rollup dimension. */
  route: str(256).min(1),
  status: z.number().int().min(100).max(599),
  /** Until the handler returned its Response (headers), not the end of a streamed body. */
  duration: ms,
  responseBytes: z.number().int().min(0).optional(),
  /** Cloudflare's `request.cf.country` (ISO 3166-1 alpha-2, or T1 for Tor). */
  country: z
    .string()
    .regex(/^[A-Z0-9]{2}$/, 'a two-letter country code')
    .optional(),
  /** Cloudflare's `request.cf.colo`: the data centre's IATA code. */
  colo: z
    .string()
    .regex(/^[A-Z0-9]{2,8}$/, 'a data-centre code')
    .optional(),
  /** The message of an error the handler threw (the status is then 500), truncated. */
  error: str(SERVER_LIMITS.maxMessageLength).optional(),
  /** The request's id (its `x-request-id`, or one the SDK made): its log lines carry it too. */
  requestId: RequestIdSchema.optional(),
});
export type RequestEvent = z.infer<typeof RequestEventSchema>;

/** One database query. Only its template travels: literals are removed before sending. */
export const DbEventSchema = z.object({
  ...base,
  kind: z.literal('db'),
  op: z.enum(DB_OPS),
  /** The SQL with literals and placeholders as `?`, IN lists collapsed, whitespace collapsed. */
  template: str(SERVER_LIMITS.maxTemplateLength).min(1),
  duration: ms,
  ok: z.boolean(),
  errorKind: z.enum(DB_ERROR_KINDS).optional(),
  /** duration > SLOW_QUERY_MS (1,000 ms). */
  slow: z.boolean(),
  /** A slow template's EXPLAIN QUERY PLAN detail lines (SQLite, D1), sent the first time a template is slow in an SDK instance. */
  plan: z.array(str(PLAN_LIMITS.maxLineLength)).max(PLAN_LIMITS.maxLines).optional(),
});
export type DbEvent = z.infer<typeof DbEventSchema>;

/** An LTI launch, deep-link step, Names and Roles request or grade post (the seed's LTIMetrics). */
export const LtiEventSchema = z
  .object({
    ...base,
    kind: z.literal('lti'),
    action: z.enum(LTI_ACTIONS),
    ok: z.boolean(),
    duration: ms.optional(),
    /** The platform's issuer host, e.g. `canvas.instructure.com`. */
    platform: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9.:[\]-]+$/, 'a lower-case issuer host'),
    /** The context type's short name (`CourseOffering`, `Group`). */
    contextType: str(64).optional(),
    role: z.enum(LTI_ROLES).optional(),
    /** Deep links only: which of the seed's counters this step is. */
    stage: z.enum(DEEP_LINK_STAGES).optional(),
    /** Failed grade posts only. */
    errorKind: z.enum(GRADE_ERROR_KINDS).optional(),
    /**
     * Logins and launches of one LTI 1.3 launch share this key (a hash of its OIDC
     * `state`), and the launch page hands it to the widget (Server-Timing): the
     * server joins the three into one launch time (server-sdk/lti.ts).
     */
    launch: LaunchKeySchema.optional(),
    /** Launches only: where in the LMS it was launched from (`course_navigation`, `assignment_selection`). */
    placement: z
      .string()
      .max(64)
      .regex(/^[\w.:-]+$/, 'letters, digits, _ . : and - only')
      .optional(),
    /** Launches only: the route pattern of the page the launch answers with (`/lti/launch`). */
    route: str(256).min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if ((e.action === 'deep_link') !== (e.stage !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['stage'],
        message: 'a deep_link event needs a stage; other actions have none',
      });
    }
    if (e.errorKind !== undefined && (e.action !== 'grade' || e.ok)) {
      ctx.addIssue({
        code: 'custom',
        path: ['errorKind'],
        message: 'only a failed grade post has an errorKind',
      });
    }
    if (e.action === 'login' && e.launch === undefined) {
      ctx.addIssue({ code: 'custom', path: ['launch'], message: 'a login event needs its launch key' });
    }
    for (const field of ['placement', 'route'] as const)
      if (e[field] !== undefined && e.action !== 'launch')
        ctx.addIssue({ code: 'custom', path: [field], message: `only a launch has a ${field}` });
  });
export type LtiEvent = z.infer<typeof LtiEventSchema>;

/** One use of a product feature: a chat message, a video upload, an FAQ query… */
export const FeatureEventSchema = z.object({
  ...base,
  kind: z.literal('feature'),
  name: str(64).min(1),
  /** Bounded like the browser's custom props. */
  props: flatRecord(
    z.union([str(SERVER_LIMITS.maxPropValueLength), z.number().finite(), z.boolean()]),
  ).optional(),
  duration: ms.optional(),
  /** FAQ queries: answered from the knowledge base (hit) or not (miss). */
  hit: z.boolean().optional(),
});
export type FeatureEvent = z.infer<typeof FeatureEventSchema>;

/** An exception a log line reports: grouped on the server like browser errors (type + top frames). */
export const LogExceptionSchema = z.object({
  type: str(128).min(1),
  message: str(SERVER_LIMITS.maxMessageLength),
  stack: str(SERVER_LIMITS.maxStackLength).optional(),
});
export type LogException = z.infer<typeof LogExceptionSchema>;

/** One structured log line. */
export const LogEventSchema = z.object({
  ...base,
  kind: z.literal('log'),
  level: z.enum(LOG_LEVELS),
  message: str(SERVER_LIMITS.maxMessageLength),
  /** Flat and bounded, e.g. `{ courseId, videoId }`. */
  context: flatRecord(
    z.union([str(SERVER_LIMITS.maxContextValueLength), z.number().finite(), z.boolean(), z.null()]),
  ).optional(),
  /** The request it was written in (the request event's `requestId`). */
  requestId: RequestIdSchema.optional(),
  /** That request's route pattern. */
  route: str(256).min(1).optional(),
  exception: LogExceptionSchema.optional(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

export const ServerEventSchema = z.discriminatedUnion('kind', [
  RequestEventSchema,
  DbEventSchema,
  LtiEventSchema,
  FeatureEventSchema,
  LogEventSchema,
  // The SDK's own loss report (buffer overflow, rejected batches), as the widget sends it.
  DroppedEventSchema,
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
export type ServerEventKind = ServerEvent['kind'];

/** Envelope fields shared by every event in one request. The site comes from the token or `?site=`. */
export const ServerBatchSchema = z.object({
  sentAt: z.number().int().positive(),
  /** The tool's name, e.g. `atomic-guide`. */
  service: str(128).min(1).optional(),
  /** e.g. `production`, `staging`. */
  environment: str(64).min(1).optional(),
  /** The tool's release (the SDK's `release` option): compared with the one before in GET /v1/releases; a bad one is dropped, not the batch. */
  release: ReleaseSchema.optional().catch(undefined),
  // Events are validated one by one so one bad event does not cost the rest.
  events: z.array(z.unknown()).min(1).max(LIMITS.maxEventsPerBatch),
});
export type ServerBatch = Omit<z.infer<typeof ServerBatchSchema>, 'events'> & { events: ServerEvent[] };
