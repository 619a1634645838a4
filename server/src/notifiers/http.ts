// One HTTP POST of a notifier, classified for the deliverer: 2xx is sent; 429,
// 5xx and network errors are retried (honouring Retry-After); other 4xx are not.
import type { DeliveryResult } from '../ports';

export type Fetch = typeof fetch;

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export async function postJson(
  fetchFn: Fetch,
  url: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<DeliveryResult> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Sightline-Alerts/1', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
    return {
      ok: false,
      status: null,
      retryable: true,
      error: `${e instanceof Error ? e.message : String(e)}${cause}`,
    };
  }
  const text = (await res.text().catch(() => '')).slice(0, 500);
  if (res.ok) return { ok: true, status: res.status, retryable: false };
  const retryable = res.status === 429 || res.status >= 500;
  return {
    ok: false,
    status: res.status,
    retryable,
    retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    error: `status ${res.status}${text ? `: ${text}` : ''}`,
  };
}

/** The first failure of several sends, or the last success. */
export async function sequence(sends: (() => Promise<DeliveryResult>)[]): Promise<DeliveryResult> {
  let last: DeliveryResult = { ok: true, status: null, retryable: false };
  for (const send of sends) {
    last = await send();
    if (!last.ok) return last;
  }
  return last;
}
