// The check probe on Workers: fetch with redirects left to the core. Workers
// cannot open connections to private, loopback or link-local addresses (the
// platform refuses them), so host names are not resolved here; IP literals and
// localhost names are refused by the core's guard before the request.
import type { HttpProbe } from '../ports';
import { USER_AGENT } from '../core/synthetic/run';

async function readUpTo(body: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const part = value.subarray(0, Math.max(0, max - size));
    size += part.length;
    text += decoder.decode(part, { stream: true });
    if (size >= max) {
      await reader.cancel();
      return text; // a character cut in half at the limit is dropped
    }
  }
  return text + decoder.decode();
}

export function createFetchProbe(fetcher: typeof fetch = fetch): HttpProbe {
  return async ({ url, method, signal, maxBodyBytes }) => {
    const res = await fetcher(url, {
      method,
      signal,
      redirect: 'manual',
      headers: { 'user-agent': USER_AGENT },
    });
    const location = res.headers.get('location');
    if (maxBodyBytes <= 0 || !res.body) {
      await res.body?.cancel();
      return { status: res.status, location, body: '' };
    }
    return { status: res.status, location, body: await readUpTo(res.body, maxBodyBytes) };
  };
}
