import { describe, expect, it } from 'vitest';
import { encode } from './transport';

const endpoint = 'https://sightline.example/v1/ingest';

/** What the server does with `?enc=deflate`: the web-standard DecompressionStream. */
async function inflate(blob: Blob): Promise<string> {
  return new Response(blob.stream().pipeThrough(new DecompressionStream('deflate'))).text();
}

describe('encode', () => {
  it('deflates the body, names the encoding in the URL, and inflates back to the same text', async () => {
    const body = JSON.stringify({
      siteKey: 'sk_demo',
      events: Array.from({ length: 8 }, (_, i) => ({
        id: `ev${i}xxxxx`,
        t: 1_765_000_000_000 + i,
        kind: 'vital',
      })),
      note: 'é ✓ 🎓',
    });
    const [url, blob] = await encode(endpoint, body);
    expect(url).toBe(`${endpoint}?enc=deflate`);
    expect(blob.type).toBe('text/plain');
    expect(blob.size).toBeLessThan(new TextEncoder().encode(body).length / 2);
    expect(await inflate(blob)).toBe(body);
  });

  it('adds the encoding to an endpoint that has a query already', async () => {
    const [url] = await encode(`${endpoint}?site=a`, '{}');
    expect(url).toBe(`${endpoint}?site=a&enc=deflate`);
  });

  it('sends the body as it is where the browser has no CompressionStream', async () => {
    const real = globalThis.CompressionStream;
    // @ts-expect-error: a browser without it
    delete globalThis.CompressionStream;
    try {
      const [url, blob] = await encode(endpoint, '{"a":1}');
      expect(url).toBe(endpoint);
      expect(await blob.text()).toBe('{"a":1}');
    } finally {
      globalThis.CompressionStream = real;
    }
  });
});
