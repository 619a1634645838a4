// One HTTP POST of a notifier, classified for the deliverer: 2xx is sent; 429,
// 5xx and network errors are retried (honouring Retry-After); other 4xx are not,
// nor a target the outbound policy refused. What is recorded is the status and a
// network error's code, never the target's reply (a read of an internal service's
// answer is what an SSRF is after) nor the URL (a Slack URL's path is its secret).
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
    return failed(e, url);
  }
  // Read and dropped: the connection is reused, the reply is not kept.
  await res.body?.cancel().catch(() => undefined);
  if (res.ok) return { ok: true, status: res.status, retryable: false };
  const retryable = res.status === 429 || res.status >= 500;
  return {
    ok: false,
    status: res.status,
    retryable,
    retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    error: `status ${res.status}${res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : ''}`,
  };
}

/** A request that got no answer: refused by the policy (not retried), or a network error (retried). */
export function failed(e: unknown, url: string): DeliveryResult {
  const error = e instanceof Error ? e : new Error(String(e));
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: string } | undefined)?.code ?? (error as { code?: string }).code;
  if (code === 'ETARGETREFUSED') return { ok: false, status: null, retryable: false, error: error.message };
  const text = `${error.message}${cause ? `: ${cause.message}` : ''}`;
  return { ok: false, status: null, retryable: true, error: withoutSecrets(text, url).slice(0, 300) };
}

/** A message with the URL's path, query and any credentials replaced: only the origin may show. */
export function withoutSecrets(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.replaceAll(url, '••••');
  }
  const hidden = `${parsed.origin}/••••`;
  const pairs: [string, string][] = [
    [url, hidden],
    [parsed.href, hidden],
    [`${parsed.pathname}${parsed.search}`, '/••••'],
    [parsed.username, '••••'],
    [parsed.password, '••••'],
  ];
  return pairs
    .filter(([secret]) => secret.length > 1)
    .sort((a, b) => b[0].length - a[0].length)
    .reduce((t, [secret, shown]) => t.replaceAll(secret, shown), text);
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
