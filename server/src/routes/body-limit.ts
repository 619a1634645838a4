// 413 for a request body over a limit, naming it, on the wire and once decoded.
import type { Context, MiddlewareHandler } from 'hono';
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

/** The encodings a page may name in `?enc=` (a beacon carries no Content-Encoding header). */
export const BODY_ENCODINGS = ['deflate', 'gzip'] as const;

/**
 * The request body as text, decoded when `?enc=` names an encoding (web-standard
 * DecompressionStream, so both runtimes run it). `limitBody` has already held the bytes on
 * the wire to `maxSize`; the decoded body is held to it too, and read no further than that:
 * a decompression bomb (a few KB that inflate to gigabytes) costs one chunk, then a 413.
 */
export async function readBodyText(c: Context, maxSize: number): Promise<string> {
  const enc = c.req.query('enc');
  if (enc === undefined) return c.req.text();
  if (!(BODY_ENCODINGS as readonly string[]).includes(enc))
    throw new HttpError(400, `enc: unsupported encoding "${enc}" (${BODY_ENCODINGS.join(' or ')})`, 'enc');
  const wire = await c.req.arrayBuffer();
  const reader = new Blob([wire])
    .stream()
    .pipeThrough(new DecompressionStream(enc as (typeof BODY_ENCODINGS)[number]))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch {
      throw new HttpError(400, `body is not valid ${enc} data (enc=${enc})`, 'enc');
    }
    if (read.done) break;
    size += read.value.byteLength;
    if (size > maxSize) {
      void reader.cancel().catch(() => {});
      throw new HttpError(413, `decoded body over ${maxSize} bytes (enc=${enc})`);
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) body.set(chunk, (at += chunk.byteLength) - chunk.byteLength);
  return new TextDecoder().decode(body);
}
