// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://tool.example.edu/courses/42/launch/?token=secret#frag"}
// The widget end to end in a DOM: what it sends must pass the server's own schemas.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchSchema, EventSchema, type Event as SightlineEvent } from '../../shared/protocol';
import { SESSION_KEY } from './lib/session';

const endpoint = 'https://sightline.example/v1/ingest';
type Sent = { via: 'beacon' | 'fetch'; url: string; body: string; init?: RequestInit };
let sent: Sent[];
let beaconResult: boolean;

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules(); // a fresh widget (its init-once state) per test
  sessionStorage.clear();
  sent = [];
  beaconResult = true;
  // Idle callbacks become timers so fake time drives them.
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 1));
  // Bodies as they are, so they can be read back here; deliver/transport.test.ts covers compression.
  vi.stubGlobal('CompressionStream', undefined);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      // A Blob body goes with its own type (Fetch's "extract a body").
      const blob = init.body as Blob & { _text?: string };
      const type = new Headers(init.headers).get('content-type') ?? blob.type;
      sent.push({
        via: 'fetch',
        url,
        body: blob._text ?? '',
        init: { ...init, headers: { 'content-type': type } },
      });
      return new Response(null, { status: 202 });
    }),
  );
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, blob: Blob) => {
      if (beaconResult)
        sent.push({
          via: 'beacon',
          url,
          body: (blob as Blob & { _text?: string })._text ?? '',
          init: { headers: { 'content-type': blob.type } },
        });
      return beaconResult;
    }),
  });
  // Blob bodies are read synchronously in the stub above.
  const RealBlob = Blob;
  vi.stubGlobal(
    'Blob',
    class extends RealBlob {
      _text: string;
      constructor(parts: string[], options?: BlobPropertyBag) {
        super(parts, options);
        this._text = parts.join('');
      }
    },
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Starts a fresh widget with its own site key, so listeners left by earlier tests are told apart. */
async function start(siteKey: string, sampleRate?: number) {
  const widget = await import('./index');
  widget.init({ endpoint, siteKey, sampleRate });
  vi.advanceTimersByTime(10); // let idle setup run
  return widget;
}

function batches(siteKey: string) {
  return sent.map((s) => ({ ...s, batch: JSON.parse(s.body) })).filter((s) => s.batch.siteKey === siteKey);
}
const events = (siteKey: string): SightlineEvent[] => batches(siteKey).flatMap((b) => b.batch.events);

describe('widget', () => {
  it('sends a schema-valid batch by sendBeacon as text/plain when the page is hidden', async () => {
    await start('sk_hidden');
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' });

    const [first] = batches('sk_hidden');
    expect(first).toMatchObject({
      via: 'beacon',
      url: endpoint,
      init: { headers: { 'content-type': 'text/plain' } },
    });
    const batch = BatchSchema.parse(first!.batch);
    expect(batch.page).toEqual({ url: 'https://tool.example.edu/courses/42/launch/' }); // the server derives the route
    expect(batch.lms).toEqual({ platform: 'other', iframe: false });
    expect(batch.session).toBe(JSON.parse(sessionStorage.getItem(SESSION_KEY)!).id);
    for (const event of batch.events) expect(EventSchema.safeParse(event).success).toBe(true);
    expect((batch.events as SightlineEvent[]).map((e) => e.kind)).toContain('pageview');
    expect(first!.body.length).toBeLessThan(60_000);
  });

  it('flushes tracked events on a 10 s timer with fetch keepalive', async () => {
    const widget = await start('sk_timer');
    widget.track('quiz_submitted', {
      questions: 12,
      late: false,
      bad: { nested: true } as unknown as string,
    });
    expect(batches('sk_timer')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10_000); // batches are stored (asynchronously) before they are sent
    const [fetched] = batches('sk_timer');
    expect(fetched).toMatchObject({
      via: 'fetch',
      init: {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': expect.stringMatching(/^text\/plain\b/) },
      },
    });
    const custom = events('sk_timer').find((e) => e.kind === 'custom');
    expect(custom).toMatchObject({ name: 'quiz_submitted', props: { questions: 12, late: false } });
    expect(EventSchema.safeParse(custom).success).toBe(true);
  });

  it('falls back to fetch keepalive when sendBeacon refuses', async () => {
    await start('sk_fallback');
    beaconResult = false;
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(0); // the body is made into a Blob before the fetch starts
    expect(batches('sk_fallback')).toMatchObject([{ via: 'fetch', init: { keepalive: true } }]);
  });

  it('counts a repeated uncaught error instead of resending it', async () => {
    await start('sk_errors');
    const error = new Error('same failure');
    for (let i = 0; i < 3; i++)
      dispatchEvent(
        new ErrorEvent('error', {
          message: error.message,
          error,
          filename: 'https://tool.example.edu/app.js',
          lineno: 1,
          colno: 2,
        }),
      );
    dispatchEvent(new Event('pagehide'));
    const errors = events('sk_errors').filter((e) => e.kind === 'error');
    expect(errors.map((e) => (e as { count?: number }).count)).toEqual([1, 2]);
    for (const e of errors) expect(EventSchema.safeParse(e).success).toBe(true);
  });

  it('sends nothing at all for a sampled-out session, on this page and the next', async () => {
    let widget = await start('sk_out', 0);
    widget.track('ignored');
    dispatchEvent(new Event('pagehide'));
    vi.resetModules();
    widget = await start('sk_out', 1); // same session: its decision sticks
    widget.track('ignored');
    vi.advanceTimersByTime(20_000);
    dispatchEvent(new Event('pagehide'));
    expect(batches('sk_out')).toEqual([]);
  });

  it('never throws into the page', async () => {
    const widget = await import('./index');
    expect(() => widget.track('before init')).not.toThrow();
    expect(() => widget.init(undefined as never)).not.toThrow();
    expect(() => widget.init({ endpoint, siteKey: 'sk_twice' })).not.toThrow();
    vi.stubGlobal('fetch', undefined);
    vi.resetModules();
    const bare = await import('./index');
    expect(() => bare.init({ endpoint, siteKey: 'sk_nofetch' })).not.toThrow();
    dispatchEvent(new Event('pagehide'));
    expect(batches('sk_nofetch')).toEqual([]);
  });
});
