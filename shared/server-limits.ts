// The server protocol's vocabularies and bounds: plain constants, no zod, so
// the server-side SDK can import them without shipping a schema library.
import { LIMITS } from './limits';

/** A query slower than this (ms) is counted as slow, as the seed guide's DatabaseMetrics does. */
export const SLOW_QUERY_MS = 1_000;

export const SERVER_LIMITS = {
  /** Longest SQL template; the SDK truncates before sending. */
  maxTemplateLength: LIMITS.maxStringLength,
  /** Longest error or log message. */
  maxMessageLength: LIMITS.maxStringLength,
  /** Keys of a feature's props or a log line's context. */
  maxContextKeys: LIMITS.maxCustomProps,
  maxPropValueLength: 256,
  maxContextValueLength: LIMITS.maxStringLength,
  /** Longest stack of an exception a log line reports. */
  maxStackLength: LIMITS.maxStackLength,
  /** Longest duration the protocol accepts (ms): one hour. */
  maxDurationMs: 3_600_000,
} as const;

export const DB_OPS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'OTHER'] as const;
export type DbOp = (typeof DB_OPS)[number];

export const DB_ERROR_KINDS = ['connection', 'timeout', 'constraint', 'other'] as const;
export type DbErrorKind = (typeof DB_ERROR_KINDS)[number];

/** `login`: the OIDC login initiation the tool answers before a launch (LTI 1.3 §5.1.1). */
export const LTI_ACTIONS = ['login', 'launch', 'deep_link', 'nrps', 'grade'] as const;
export type LtiAction = (typeof LTI_ACTIONS)[number];

/** Role buckets: an LTI launch carries role URIs, the dashboard wants a handful. */
export const LTI_ROLES = ['instructor', 'learner', 'ta', 'admin', 'other'] as const;
export type LtiRole = (typeof LTI_ROLES)[number];

/** The seed's deep-link counters: links created (content items returned), used (launched), succeeded. */
export const DEEP_LINK_STAGES = ['created', 'used', 'succeeded'] as const;
export type DeepLinkStage = (typeof DEEP_LINK_STAGES)[number];

/** Why an Assignment and Grade Services score post failed, from its HTTP status or a network error. */
export const GRADE_ERROR_KINDS = [
  'auth',
  'not_found',
  'invalid',
  'rate_limited',
  'platform',
  'network',
  'other',
] as const;
export type GradeErrorKind = (typeof GRADE_ERROR_KINDS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The seed's feature families; any other name up to 64 characters is allowed too. */
export const FEATURE_NAMES = [
  'chat_message',
  'video_upload',
  'video_transcription',
  'faq_query',
  'assessment_created',
  'assessment_completed',
] as const;
export type KnownFeatureName = (typeof FEATURE_NAMES)[number];
