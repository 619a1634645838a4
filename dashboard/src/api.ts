// The query, alerts and checks APIs as the dashboard calls them: the bearer token
// from the session, errors turned into sentences that say what to do.
import type { MeResponse, StreamMessage } from '../../shared/dashboard';
import { createSseParser } from './models/sse';
import { NoStreamError } from './models/live';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A query string from params, leaving out the empty ones. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function failure(res: Response): Promise<ApiError> {
  let detail = '';
  try {
    detail = ((await res.json()) as { error?: string }).error ?? '';
  } catch {
    // not JSON
  }
  if (res.status === 401)
    return new ApiError(
      401,
      `The server refused the token (${detail || 'unknown token'}). Sign in again with a valid token.`,
    );
  if (res.status === 403)
    return new ApiError(403, `This token may not do that (${detail}). Ask for an admin token.`);
  return new ApiError(
    res.status,
    `The server answered ${res.status}${detail ? `: ${detail}` : ''}. Retry, or check the server's log.`,
  );
}

export function createApi(
  token: () => string | null,
  onUnauthorized: () => void = () => {},
  fetchFn: typeof fetch = (...a) => fetch(...a),
) {
  const headers = (t = token()): Record<string, string> => (t ? { authorization: `Bearer ${t}` } : {});
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    explicit?: string,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetchFn(path, {
        method,
        headers: {
          ...headers(explicit),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        cache: 'no-store',
      });
    } catch (e) {
      if (signal?.aborted) throw e;
      throw new ApiError(
        0,
        'Cannot reach the Sightline server. Check that it is running and your network, then retry.',
      );
    }
    if (!res.ok) {
      const err = await failure(res);
      if (res.status === 401 && !explicit) onUnauthorized();
      throw err;
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  return {
    get: <T>(path: string, signal?: AbortSignal) => call<T>('GET', path, undefined, signal),
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
    del: (path: string) => call<void>('DELETE', path),
    me: (t: string) => call<MeResponse>('GET', '/v1/me', undefined, undefined, t),
    /** Reads GET /v1/stream with the Authorization header (EventSource cannot send one). */
    async stream(
      onMessage: (m: StreamMessage) => void,
      onActivity: () => void,
      signal: AbortSignal,
    ): Promise<void> {
      const res = await fetchFn('/v1/stream', {
        headers: { ...headers(), accept: 'text/event-stream' },
        signal,
        cache: 'no-store',
      });
      if (res.status === 501) throw new NoStreamError('no stream on this server');
      if (!res.ok || !res.body) throw await failure(res);
      const parse = createSseParser((e) => {
        try {
          onMessage(JSON.parse(e.data) as StreamMessage);
        } catch {
          // a message we cannot read is skipped
        }
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        onActivity();
        parse(value);
      }
    },
  };
}
export type Api = ReturnType<typeof createApi>;
