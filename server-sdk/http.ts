// Request metrics for a fetch handler `(req, env, ctx) => Response` and for
// hono. The event is built after the handler answers and sent in the
// background (ctx.waitUntil on Workers), so the measured request never waits.
import type { MiddlewareHandler } from 'hono';
import type { RequestEvent } from '../shared/server-protocol';
import { normaliseRoute } from '../shared/route';
import { clampMs, errorMessage, eventId, truncate } from './events';
import type { Recorder } from './db';
import type { LineFields, Logger } from './logger';
import type { WaitUntil } from './pipeline';

export interface RequestMonitor extends Recorder {
  /** Flush after a request, through `ctx.waitUntil` when there is one. */
  afterRequest(ctx?: Partial<WaitUntil> | null): void;
}

export interface WrapFetchOptions {
  /** The route pattern of a request (`/api/courses/:id`). Default: its path with ids replaced by `:id`. */
  route?: (request: Request) => string;
}

type RequestInput = Omit<RequestEvent, 'id' | 't'>;

/** Cloudflare's `request.cf` fields, when the runtime adds them. */
function edgeOf(request: Request): Pick<RequestInput, 'country' | 'colo'> {
  const cf = (request as { cf?: { country?: unknown; colo?: unknown } }).cf;
  const out: Pick<RequestInput, 'country' | 'colo'> = {};
  if (typeof cf?.country === 'string' && /^[A-Z0-9]{2}$/.test(cf.country)) out.country = cf.country;
  if (typeof cf?.colo === 'string' && /^[A-Z0-9]{2,8}$/.test(cf.colo)) out.colo = cf.colo;
  return out;
}

/** What the hono middleware sets on each request: `new Hono<{ Variables: SightlineVariables }>()`. */
export interface SightlineVariables {
  requestId: string;
  logger: Logger;
}

/** A request's logger: its lines carry what `fields` says of the request when they are written. */
export type RequestLogger = (fields: () => LineFields) => Logger;

/** The request's own id when a proxy or the platform gave it one (`x-request-id`, Cloudflare's `cf-ray`), else a new one. */
export function requestIdOf(request: Request): string {
  for (const name of ['x-request-id', 'cf-ray']) {
    const value = request.headers.get(name);
    if (value && /^[\w.:-]{1,64}$/.test(value)) return value;
  }
  return eventId();
}

/** The `request` event for one answered (or failed) request. */
export function requestEvent(
  request: Request,
  route: string,
  duration: number,
  response?: Response,
  error?: unknown,
  requestId?: string,
): RequestInput {
  const method = /^[A-Z]{1,16}$/.test(request.method) ? request.method : 'OTHER';
  const status = response ? Math.min(599, Math.max(100, response.status)) : 500;
  const event: RequestInput = {
    kind: 'request',
    method,
    route: truncate(route || '/', 256),
    status,
    duration: clampMs(duration),
    ...edgeOf(request),
  };
  const length = Number(response?.headers.get('content-length') ?? NaN);
  if (Number.isInteger(length) && length >= 0) event.responseBytes = length;
  if (error !== undefined) event.error = errorMessage(error);
  if (requestId) event.requestId = requestId;
  return event;
}

function defaultRoute(request: Request): string {
  return normaliseRoute(new URL(request.url).pathname);
}

function safeRoute(route: (request: Request) => string, request: Request): string {
  try {
    const pattern = route(request);
    return typeof pattern === 'string' && pattern ? pattern : defaultRoute(request);
  } catch {
    return defaultRoute(request);
  }
}

/** Wraps a plain fetch handler (a Worker's `fetch`, or one served on Node) with request metrics. */
export function wrapFetch<Env, Ctx>(
  monitor: RequestMonitor,
  handler: (request: Request, env: Env, ctx: Ctx) => Response | Promise<Response>,
  options: WrapFetchOptions = {},
  logger?: RequestLogger,
): (request: Request, env: Env, ctx: Ctx) => Promise<Response> {
  const route = options.route ?? defaultRoute;
  return async (request, env, ctx) => {
    const start = monitor.now();
    const requestId = requestIdOf(request);
    const record = (response?: Response, error?: unknown) => {
      try {
        const pattern = safeRoute(route, request);
        if (error !== undefined) logException(logger, error, { requestId, route: pattern });
        monitor.record(requestEvent(request, pattern, monitor.now() - start, response, error, requestId));
        monitor.afterRequest(ctx as Partial<WaitUntil>);
      } catch {
        // Never into the host app.
      }
    };
    let response: Response;
    try {
      response = await handler(request, env, ctx);
    } catch (error) {
      record(undefined, error);
      throw error;
    }
    record(response);
    return response;
  };
}

/** The error a request failed with, as an `error` line with its exception (grouped on the server). */
function logException(logger: RequestLogger | undefined, error: unknown, fields: LineFields): void {
  if (!logger) return;
  logger(() => fields).error(error instanceof Error ? error : errorMessage(error), {
    ...(error instanceof Error ? {} : { thrown: errorMessage(error) }),
  });
}

/**
 * hono middleware: the route pattern is hono's matched route (`c.req.routePath` once the handler
 * ran). `c.get('requestId')` is the request's id; `c.get('logger')` a logger whose lines carry it
 * and the route. An error the request failed with is logged with its stack.
 */
export function honoMiddleware(monitor: RequestMonitor, logger?: RequestLogger): MiddlewareHandler {
  return async (c, next) => {
    const start = monitor.now();
    const requestId = requestIdOf(c.req.raw);
    c.set('requestId', requestId);
    // The route is read when a line is written: by then hono has matched the handler that writes it.
    if (logger)
      c.set(
        'logger',
        logger(() => ({ requestId, route: c.req.routePath })),
      );
    const record = (response?: Response, error?: unknown) => {
      try {
        let ctx: Partial<WaitUntil> | undefined;
        try {
          ctx = c.executionCtx; // a getter that throws where the runtime has none (Node)
        } catch {
          ctx = undefined;
        }
        const route = c.req.routePath;
        if (error !== undefined) logException(logger, error, { requestId, route });
        monitor.record(requestEvent(c.req.raw, route, monitor.now() - start, response, error, requestId));
        monitor.afterRequest(ctx);
      } catch {
        // Never into the host app.
      }
    };
    try {
      await next();
    } catch (error) {
      // Only what hono's own onError did not handle (non-Error throws) gets here.
      record(undefined, error);
      throw error;
    }
    record(c.res, c.error);
  };
}
