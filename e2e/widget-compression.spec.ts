// The widget deflates its batches where the browser has CompressionStream, naming the
// encoding in the URL (a beacon carries no header). The real Node server decodes them,
// and holds the decoded body to the same 64 KiB limit as a plain one: a small body that
// inflates past it, a decompression bomb, is refused with a 413 that says so.
import { deflateSync, gzipSync } from 'node:zlib';
import { LIMITS } from '../shared/limits';
import { expect, hidePage, openDemo, sessionOf, storedEvents, test, waitForKinds } from './widget-helpers';

test('a page view goes deflated, and the server stores what it decodes', async ({ page, sightline }) => {
  const ingest: { url: string; bytes: number }[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/ingest')
      ingest.push({ url: request.url(), bytes: request.postDataBuffer()?.length ?? 0 });
  });
  await openDemo(page, '/demo/canvas');
  await hidePage(page);
  const session = await sessionOf(page); // written at the first flush
  const stored = await waitForKinds(sightline, session, ['pageview', 'navigation', 'vital']);
  expect(ingest.length).toBeGreaterThan(0);
  for (const { url } of ingest) expect(new URL(url).searchParams.get('enc')).toBe('deflate');
  // What was stored is what the page recorded: the envelope and events decoded intact.
  expect(stored.every((s) => s.session === session && s.route === '/demo/canvas')).toBe(true);
});

test.describe('decoding on the server', () => {
  const batch = (siteKey: string, events: object[]) =>
    JSON.stringify({
      siteKey,
      sentAt: Date.now(),
      session: 'compressed-session-1',
      page: { url: 'https://tool.example.edu/courses/1' },
      events,
    });
  const post = (baseURL: string, query: string, body: Buffer | string) =>
    fetch(new URL(`/v1/ingest${query}`, baseURL), {
      method: 'POST',
      body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    });

  test('accepts gzip and deflate bodies and stores their events', async ({ sightline }) => {
    const events = [{ id: 'zpv00001', t: Date.now(), kind: 'pageview' }];
    const deflated = await post(
      sightline.baseURL,
      '?enc=deflate',
      deflateSync(batch(sightline.siteKey, events)),
    );
    expect(deflated.status, await deflated.clone().text()).toBe(202);
    expect(await deflated.json()).toMatchObject({ accepted: 1, rejected: 0 });
    const again = [{ id: 'zpv00002', t: Date.now(), kind: 'pageview' }];
    const gzipped = await post(sightline.baseURL, '?enc=gzip', gzipSync(batch(sightline.siteKey, again)));
    expect(gzipped.status).toBe(202);
    const ids = storedEvents(sightline, 'compressed-session-1').map((s) => s.event.id);
    expect(ids.sort()).toEqual(['zpv00001', 'zpv00002']);
  });

  test('refuses a body that decodes past the limit, and a decompression bomb, with a 413', async ({
    sightline,
  }) => {
    // Under the wire limit as sent, over it once decoded.
    const big = batch(
      sightline.siteKey,
      Array.from({ length: 400 }, (_, i) => ({
        id: `big${String(i).padStart(5, '0')}`,
        t: Date.now(),
        kind: 'custom',
        name: 'x'.repeat(64),
        props: { note: 'y'.repeat(200) },
      })),
    );
    expect(big.length).toBeGreaterThan(LIMITS.maxBodyBytes);
    const wire = deflateSync(big);
    expect(wire.length).toBeLessThan(LIMITS.maxBodyBytes);
    const over = await post(sightline.baseURL, '?enc=deflate', wire);
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({
      error: `decoded body over ${LIMITS.maxBodyBytes} bytes (enc=deflate)`,
    });

    // 100 MB of zeros deflate to about 100 KB; half that inflates to 50 MB.
    const bomb = deflateSync(Buffer.alloc(50_000_000)).subarray(0, 60_000);
    const refused = await post(sightline.baseURL, '?enc=deflate', bomb);
    expect(refused.status).toBe(413);
    // Nothing of either was stored, and the server still answers.
    expect(storedEvents(sightline, 'compressed-session-1').some((s) => s.event.id.startsWith('big'))).toBe(
      false,
    );
    const health = await fetch(new URL('/health', sightline.baseURL));
    expect(health.ok).toBe(true);
  });

  test('names the field when the encoding is unknown or the body is not what it says', async ({
    sightline,
  }) => {
    const unknown = await post(sightline.baseURL, '?enc=br', 'x');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'enc: unsupported encoding "br" (deflate or gzip)' });
    const corrupt = await post(sightline.baseURL, '?enc=deflate', '{"not":"deflated"}');
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toMatchObject({ error: 'body is not valid deflate data (enc=deflate)' });
  });
});
