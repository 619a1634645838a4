// One POST of one batch body, with web-standard fetch only, turned into a
// SendOutcome. Never rejects: a network error or a timeout is an outcome too.
import { outcomeOf, parseRetryAfter, type SendOutcome } from './delivery';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  endpoint: string;
  token: string;
  fetch: FetchLike;
  clock: () => number;
  /** Abort a send that takes longer than this (ms). */
  timeoutMs: number;
}

/** An abort signal after `ms`, where the runtime has AbortSignal.timeout. */
function timeoutSignal(ms: number): AbortSignal | undefined {
  return typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function'
    ? AbortSignal.timeout(ms)
    : undefined;
}

/** How many events the server reported invalid in a 202 `{accepted, rejected}`. */
async function rejectedIn(response: Response): Promise<number> {
  try {
    const body = (await response.json()) as { rejected?: unknown };
    return typeof body?.rejected === 'number' && body.rejected > 0 ? body.rejected : 0;
  } catch {
    return 0;
  }
}

export async function postBatch(options: TransportOptions, body: string): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await options.fetch(options.endpoint, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      signal: timeoutSignal(options.timeoutMs),
    });
  } catch {
    return { kind: 'retry' };
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), options.clock());
  if (response.ok) return outcomeOf(response.status, retryAfter, await rejectedIn(response));
  // Read the body to the end so the runtime can reuse the connection.
  await response.arrayBuffer().catch(() => undefined);
  return outcomeOf(response.status, retryAfter);
}
