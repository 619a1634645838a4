// 413 for a request body over a limit, naming it.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpError } from '../core/errors';

/**
 * A declared Content-Length is checked without touching the body: on Node, reading
 * `c.req.raw.body` (as hono's bodyLimit does first) turns @hono/node-server's
 * lightweight request into a full web Request with a stream, which cost ingest a
 * fifth of its CPU. A body without one (chunked) is counted as it streams.
 */
export function limitBody(maxSize: number, hint = ''): MiddlewareHandler {
  const tooLarge = () => new HttpError(413, `body over ${maxSize} bytes${hint}`);
  const streamed = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(declared) > maxSize) throw tooLarge();
    await next();
  };
}
