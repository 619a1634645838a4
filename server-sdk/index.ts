// sightline/server: the server-side SDK for an LTI tool's backend. Runtime-free
// (web-standard fetch only): the same code runs in Cloudflare Workers and Node.
export { createSightline } from './client';
export type { Sightline, SightlineOptions } from './client';
export type { MonitorQueryOptions } from './db';
export type { FeatureInput, FeatureName } from './feature';
export type { SightlineVariables, WrapFetchOptions } from './http';
export type { ConsoleLike, Logger, LogContext, LoggerOptions } from './logger';
export type { GradeInput, LaunchInput, LaunchTiming, LoginInput, LtiCall, LtiMonitor } from './lti';
export type { PipelineStats, WaitUntil } from './pipeline';
export type { FetchLike } from './transport';
export type { ServerEventInput } from './events';

// Pure helpers, for tools that build events themselves or want the same answers.
export { normaliseSql, sqlOp } from './sql';
export { classifyDbError } from './db-errors';
export { planLines } from './explain';
export { contextTypeName, gradeErrorKind, issuerHost, launchKey, roleBucket } from './lti';
export { FEATURE_NAMES, SLOW_QUERY_MS } from '../shared/server-limits';
export type {
  DbErrorKind,
  DbOp,
  DeepLinkStage,
  GradeErrorKind,
  LogLevel,
  LtiRole,
} from '../shared/server-limits';
export type {
  DbEvent,
  FeatureEvent,
  LogEvent,
  LtiEvent,
  RequestEvent,
  ServerBatch,
  ServerEvent,
} from '../shared/server-protocol';
