// createSightline: one client per process or Worker isolate. It wires the
// pipeline (buffer, batches, backoff, breaker) to the monitors and the logger.
import { monitorD1, monitorQuery, type MonitorQueryOptions, type Recorder } from './db';
import type { ServerEventInput } from './events';
import { featureEvent, type FeatureInput, type FeatureName } from './feature';
import { honoMiddleware, wrapFetch, type WrapFetchOptions } from './http';
import {
  consoleOf,
  createLogger,
  type ConsoleLike,
  type LineFields,
  type Logger,
  type LoggerOptions,
} from './logger';
import { createLtiMonitor, type LtiMonitor } from './lti';
import { createPipeline, type PipelineStats, type WaitUntil } from './pipeline';
import type { FetchLike } from './transport';

export interface SightlineOptions {
  /** The collector's server ingest URL, e.g. `https://sightline.example.edu/v1/ingest/server`. */
  endpoint: string;
  /** A server ingest token (role `ingest`). */
  token: string;
  /** The tool's name, sent with every batch. */
  service?: string;
  /** e.g. `production`. */
  environment?: string;
  /** The release or version running (`2026.12.1`, a commit hash), sent with every batch: GET /v1/releases compares each with the one before. Letters, digits, `._+-`, at most 64. */
  release?: string;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /** Epoch ms for event times, and for durations too when given (tests). Default: Date.now and performance.now. */
  clock?: () => number;
  /** Send once this many events wait. Default 100. */
  batchSize?: number;
  /** Where there is no ctx.waitUntil (Node), send what waits after this long. Default 10,000 ms; 0: only on flush(). */
  flushIntervalMs?: number;
  /** Events held at most while the collector is slow or down; the oldest go first. Default 5,000. */
  maxQueue?: number;
  /** Abort a send after this long. Default 10,000 ms. */
  timeoutMs?: number;
  logger?: LoggerOptions;
}

export interface Sightline {
  /** Queues any server event; `id` and `t` are filled in. Never throws. */
  record(event: ServerEventInput): void;
  /** Sends everything queued; resolves when done, never rejects. Await it before a Node process exits. */
  flush(): Promise<void>;
  /** After work outside a request (a cron or queue handler on Workers): `afterRequest(ctx)` flushes through ctx.waitUntil. */
  afterRequest(ctx?: Partial<WaitUntil> | null): void;
  logger: Logger;
  /** `console`-style helpers over `logger`: `sightline.console.error('Failed to process video', err)`. */
  console: ConsoleLike;
  lti: LtiMonitor;
  /** One use of a feature: `feature('faq_query', { hit: true, duration: 85 })`. */
  feature(name: FeatureName, input?: FeatureInput): void;
  wrapFetch<Env, Ctx>(
    handler: (request: Request, env: Env, ctx: Ctx) => Response | Promise<Response>,
    options?: WrapFetchOptions,
  ): (request: Request, env: Env, ctx: Ctx) => Promise<Response>;
  honoMiddleware(): ReturnType<typeof honoMiddleware>;
  monitorD1<D extends object>(db: D): D;
  monitorQuery<F extends (...args: never[]) => unknown>(query: F, options?: MonitorQueryOptions): F;
  stats(): PipelineStats;
}

function monotonic(): () => number {
  const perf = globalThis.performance;
  return perf && typeof perf.now === 'function' ? () => perf.now() : Date.now;
}

export function createSightline(options: SightlineOptions): Sightline {
  const clock = options.clock ?? Date.now;
  const pipeline = createPipeline({
    endpoint: options.endpoint,
    token: options.token,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    clock,
    timeoutMs: options.timeoutMs ?? 10_000,
    envelope: { service: options.service, environment: options.environment, release: options.release },
    batchSize: Math.max(1, options.batchSize ?? 100),
    flushIntervalMs: options.flushIntervalMs ?? 10_000,
    maxQueue: Math.max(1, options.maxQueue ?? 5_000),
  });
  const monitor: Recorder & { afterRequest: typeof pipeline.afterRequest } = {
    record: pipeline.record,
    now: options.clock ?? monotonic(),
    afterRequest: pipeline.afterRequest,
  };

  const emit = (line: Omit<Extract<ServerEventInput, { kind: 'log' }>, 'kind'>) =>
    pipeline.record({ kind: 'log', ...line });
  const logger = createLogger(emit, options.logger, {}, clock);
  const requestLogger = (fields: () => LineFields) => createLogger(emit, options.logger, {}, clock, fields);
  return {
    record: pipeline.record,
    flush: pipeline.flush,
    afterRequest: pipeline.afterRequest,
    logger,
    console: consoleOf(logger),
    lti: createLtiMonitor(pipeline.record, clock),
    feature: (name, input) => pipeline.record(featureEvent(name, input)),
    wrapFetch: (handler, wrapOptions) => wrapFetch(monitor, handler, wrapOptions, requestLogger),
    honoMiddleware: () => honoMiddleware(monitor, requestLogger),
    monitorD1: (db) => monitorD1(monitor, db),
    monitorQuery: (query, queryOptions) => monitorQuery(monitor, query, queryOptions),
    stats: pipeline.stats,
  };
}
