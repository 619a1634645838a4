// CORS for the public ingest paths. Pages send text/plain, so there is usually no
// preflight; the widget must be able to read Retry-After, also on errors. The
// headers go into each answer as a plain object: hono's cors middleware reads
// c.res.headers before the handler runs, which makes @hono/node-server build web
// Headers and Response objects for every batch (measured: ~9 % of ingest's CPU).
import type { Context } from 'hono';

export const INGEST_PATHS = ['/v1/ingest', '/api/metrics/rum', '/api/errors'];

/** The CORS headers an answer to `c` needs: any page may send, with its Origin echoed. */
export function ingestCorsHeaders(c: Context): Record<string, string> {
  const origin = c.req.header('origin');
  if (!origin || !INGEST_PATHS.includes(c.req.path)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
}

/** The preflight of a page that sends a batch in a non-simple request (a JSON content type). */
export function ingestPreflight(c: Context): Response {
  const asked = c.req.header('access-control-request-headers');
  return new Response(null, {
    status: 204,
    headers: {
      ...ingestCorsHeaders(c),
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Max-Age': '86400',
      ...(asked ? { 'Access-Control-Allow-Headers': asked } : {}),
    },
  });
}

/** A JSON answer whose headers stay a plain object (@hono/node-server writes those as they are). */
export function jsonAnswer(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}
