// The wire protocol: zod schemas and their inferred types, side by side.
// The widget imports only the types (erased at build), never this module's code.
import { z } from 'zod';
import { LIMITS, VITAL_NAMES } from './limits';

const str = (max: number = LIMITS.maxStringLength) => z.string().max(max);
const ms = z.number().finite().min(0).max(3_600_000);

export const EventIdSchema = z
  .string()
  .min(8)
  .max(LIMITS.maxIdLength)
  .regex(/^[\w-]+$/, 'letters, digits, _ and - only');

/**
 * One LTI launch's key: the server SDK's hash of its OIDC `state` (never the state
 * itself), handed to the launch page in `Server-Timing: lti-launch;desc=<key>`.
 */
export const LaunchKeySchema = z.string().regex(/^[0-9a-f]{16,64}$/, '16 to 64 lower-case hex digits');

/**
 * A tool's release or version (`2026.12.1`, `v4.2.0+build.7`, a commit hash), from the
 * widget's `data-release` or the server SDK's `release`: the Releases view compares each
 * with the one before. A bounded token, so it is safe to store and show as is.
 */
export const ReleaseSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.+-]+$/, 'letters, digits, _ . + and - only');

/** Fields every event carries: a unique id and when it happened (with the session, what the server knows a resent batch by). */
const base = {
  id: EventIdSchema,
  /** Epoch milliseconds when the event happened in the page. */
  t: z.number().int().positive(),
};

export const VitalNameSchema = z.enum(VITAL_NAMES);
export const RatingSchema = z.enum(['good', 'needs-improvement', 'poor']);

export const VitalEventSchema = z.object({
  ...base,
  kind: z.literal('vital'),
  name: VitalNameSchema,
  value: z.number().finite().min(0).max(3_600_000),
  rating: RatingSchema.optional(),
  navigationType: str(32).optional(),
  /** Where the metric came from (LCP element, INP target, …): flat and bounded. */
  attribution: z.record(str(64), z.union([str(), z.number().finite()])).optional(),
});
export type VitalEvent = z.infer<typeof VitalEventSchema>;

export const NavigationEventSchema = z.object({
  ...base,
  kind: z.literal('navigation'),
  type: z.enum(['navigate', 'reload', 'back_forward', 'prerender', 'restore']),
  dns: ms,
  tcp: ms,
  tls: ms,
  ttfb: ms,
  download: ms,
  dom: ms,
  load: ms,
});
export type NavigationEvent = z.infer<typeof NavigationEventSchema>;

export const ErrorEventSchema = z.object({
  ...base,
  kind: z.literal('error'),
  type: z.enum(['error', 'rejection']),
  message: str(),
  stack: str(LIMITS.maxStackLength).optional(),
  source: str(LIMITS.maxUrlLength).optional(),
  line: z.number().int().min(0).optional(),
  col: z.number().int().min(0).optional(),
  /** Identical errors in a page are counted, not resent. */
  count: z.number().int().min(1).max(1_000_000).optional(),
});
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;

export const PageViewEventSchema = z.object({
  ...base,
  kind: z.literal('pageview'),
  title: str(256).optional(),
  /** `soft` for an SPA route change through the History API. */
  navigation: z.enum(['hard', 'soft']).optional(),
});
export type PageViewEvent = z.infer<typeof PageViewEventSchema>;

const ResourceSchema = z.object({
  url: str(LIMITS.maxUrlLength),
  type: str(32),
  duration: ms,
  bytes: z.number().int().min(0).optional(),
});

/** A page's resource timing summed up: totals per initiator type and the slowest few, not every entry. */
export const ResourcesEventSchema = z.object({
  ...base,
  kind: z.literal('resources'),
  byType: z.record(str(32), z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0) })),
  slowest: z.array(ResourceSchema).max(LIMITS.maxSlowestResources),
  /** Resources that failed or were blocked, where the browser tells (responseStatus ≥ 400, or no response). */
  failed: z.number().int().min(0),
});
export type ResourcesEvent = z.infer<typeof ResourcesEventSchema>;

/** Long tasks and long animation frames of a page, summed up, with the worst frame's script. */
export const LongTasksEventSchema = z.object({
  ...base,
  kind: z.literal('longtasks'),
  count: z.number().int().min(0),
  /** Sum over long tasks of (duration − 50 ms). */
  totalBlockingTime: ms,
  worstFrame: z
    .object({
      duration: ms,
      blockingDuration: ms,
      /** `sourceURL:functionName` of the script that ran longest in that frame, URL scrubbed. */
      script: str(LIMITS.maxUrlLength).optional(),
      invoker: str(256).optional(),
    })
    .optional(),
});
export type LongTasksEvent = z.infer<typeof LongTasksEventSchema>;

export const DROP_REASONS = ['overflow', 'rejected', 'beforeSend', 'cap', 'expired'] as const;
export const DropReasonSchema = z.enum(DROP_REASONS);
export type DropReason = z.infer<typeof DropReasonSchema>;

/**
 * The widget's own loss report: events it dropped since its last report, by
 * reason, so the server can tell loss from silence. An event like any other,
 * travelling in its batch, so a resent batch counts it once.
 */
export const DroppedEventSchema = z.object({
  ...base,
  kind: z.literal('dropped'),
  counts: z.partialRecord(DropReasonSchema, z.number().int().min(0).max(1_000_000)),
});
export type DroppedEvent = z.infer<typeof DroppedEventSchema>;

export const CustomEventSchema = z.object({
  ...base,
  kind: z.literal('custom'),
  name: str(64).min(1),
  props: z
    .record(str(64), z.union([str(256), z.number().finite(), z.boolean()]))
    .refine((p) => Object.keys(p).length <= LIMITS.maxCustomProps, `at most ${LIMITS.maxCustomProps} props`)
    .optional(),
});
export type CustomEvent = z.infer<typeof CustomEventSchema>;

export const EventSchema = z.discriminatedUnion('kind', [
  VitalEventSchema,
  NavigationEventSchema,
  ErrorEventSchema,
  PageViewEventSchema,
  ResourcesEventSchema,
  LongTasksEventSchema,
  DroppedEventSchema,
  CustomEventSchema,
]);
export type Event = z.infer<typeof EventSchema>;
export type EventKind = Event['kind'];

export const LmsPlatformSchema = z.enum(['canvas', 'moodle', 'other']);
export type LmsPlatform = z.infer<typeof LmsPlatformSchema>;

export const PageSchema = z.object({
  url: z.string().url().max(LIMITS.maxUrlLength),
  /** Normalised path (`/courses/:id`); the server normalises again, it never trusts it. */
  route: str(256).optional(),
  referrer: z.string().max(LIMITS.maxUrlLength).optional(),
});
export type Page = z.infer<typeof PageSchema>;

export const LmsContextSchema = z.object({
  platform: LmsPlatformSchema,
  /** True when the page runs inside a frame, as an LTI tool usually does. */
  iframe: z.boolean(),
});
export type LmsContext = z.infer<typeof LmsContextSchema>;

/**
 * Where the widget ran, as the rollups keep it (a query's `frame=`): `framed` inside a
 * frame (the LTI tool frame), `top` in a top-level page (an LMS page carrying the widget,
 * or the tool opened in its own window). Server events and rows from before have ''.
 */
export const FrameSchema = z.enum(['framed', 'top']);
export type Frame = z.infer<typeof FrameSchema>;

export const frameOf = (lms: LmsContext): Frame => (lms.iframe ? 'framed' : 'top');

/** Envelope fields shared by every event in one request. */
export const BatchSchema = z.object({
  siteKey: str(128).min(1),
  sentAt: z.number().int().positive(),
  session: str(LIMITS.maxIdLength).min(1),
  /** A pseudonymous user key from the site, or an anonymous per-browser id; never a raw identity. */
  user: str(LIMITS.maxIdLength).optional(),
  /** `daily`: no id stored in the browser; the server makes a key that changes every day (server/src/core/daily-user.ts). */
  anonymous: z.literal('daily').optional().catch(undefined),
  page: PageSchema,
  lms: LmsContextSchema.default({ platform: 'other', iframe: false }),
  device: z.enum(['mobile', 'tablet', 'desktop']).optional(),
  /**
   * The LTI launch this page answered, from its navigation's Server-Timing (server-sdk/lti.ts).
   * Another server's Server-Timing could put anything there: a bad key is dropped, not the batch.
   */
  launch: LaunchKeySchema.optional().catch(undefined),
  /** The tool's release (`data-release`); a bad one is dropped, not the batch (a typo must not cost the data). */
  release: ReleaseSchema.optional().catch(undefined),

  // Events are validated one by one so one bad event does not cost the rest.
  events: z.array(z.unknown()).min(1).max(LIMITS.maxEventsPerBatch),
});
export type Batch = Omit<z.infer<typeof BatchSchema>, 'events'> & { events: Event[] };

/** What the widget sends: the envelope with its events typed. */
export type BatchInput = Omit<z.input<typeof BatchSchema>, 'events'> & { events: Event[] };

export const IngestResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  duplicates: z.number().int(),
  errors: z.array(z.object({ index: z.number().int(), path: z.string(), message: z.string() })).optional(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;
