// The client as a tool uses it: every monitor wired to one pipeline, and every
// event it sends accepted by the server's own schemas (the fake collector checks).
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createSightline } from './index';
import { fakeClock, fakeCollector } from './fake-collector';

function setup(release?: string) {
  const collector = fakeCollector();
  const clock = fakeClock();
  const sightline = createSightline({
    endpoint: 'https://sightline.test/v1/ingest/server',
    token: 'sl_ingest_x',
    service: 'atomic-guide',
    environment: 'production',
    release,
    fetch: collector.fetch,
    clock,
    flushIntervalMs: 0,
  });
  return { collector, clock, sightline };
}

describe('createSightline', () => {
  it('sends request, db, LTI, feature and log events that the server schemas accept', async () => {
    const { collector, sightline } = setup();
    const query = sightline.monitorQuery(async (sql: string, params: unknown[]) => ({ sql, params }));
    const app = new Hono();
    app.use(sightline.honoMiddleware());
    app.post('/lti/launch', async (c) => {
      const log = sightline.logger.child({ requestId: c.req.header('x-request-id') });
      await query("SELECT * FROM deployments WHERE issuer = 'https://canvas.instructure.com'", []);
      sightline.lti.launch({
        ok: true,
        duration: 180,
        platform: 'https://canvas.instructure.com',
        roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        contextType: 'CourseOffering',
      });
      log.info('launch ok', { courseId: 42 });
      return c.text('launched');
    });
    const plain = sightline.wrapFetch(
      async () => new Response('{}', { headers: { 'content-length': '2' } }),
      { route: () => '/api/faq' },
    );

    await app.fetch(
      new Request('https://tool.example/lti/launch', {
        method: 'POST',
        headers: { 'x-request-id': 'req-1' },
      }),
    );
    await plain(new Request('https://tool.example/api/faq?q=deadline'), {}, undefined);
    sightline.feature('faq_query', { hit: true, duration: 85, props: { source: 'kb' } });
    sightline.lti.grade({ ok: false, platform: 'canvas.instructure.com', status: 503 });
    await sightline.flush();

    expect(collector.calls).toHaveLength(1);
    expect(collector.calls[0].batch).toMatchObject({ service: 'atomic-guide', environment: 'production' });
    const events = collector.events();
    expect(events.map((e) => e.kind)).toEqual(['db', 'lti', 'log', 'request', 'request', 'feature', 'lti']);
    expect(events[0]).toMatchObject({ template: 'SELECT * FROM deployments WHERE issuer = ?' });
    expect(events[2]).toMatchObject({ context: { requestId: 'req-1', courseId: 42 } });
    expect(events[3]).toMatchObject({ method: 'POST', route: '/lti/launch', status: 200 });
    expect(events[4]).toMatchObject({ method: 'GET', route: '/api/faq', responseBytes: 2 });
    expect(sightline.stats()).toMatchObject({ sent: 7, queued: 0 });
  });

  it('sends its release with every batch, and none when not given', async () => {
    const { collector, sightline } = setup('2026.12.1');
    sightline.feature('faq_query');
    await sightline.flush();
    sightline.feature('faq_query');
    await sightline.flush();
    expect(collector.calls.map((c) => c.batch.release)).toEqual(['2026.12.1', '2026.12.1']);
    const plain = setup();
    plain.sightline.feature('faq_query');
    await plain.sightline.flush();
    expect(plain.collector.calls[0].batch).not.toHaveProperty('release');
  });

  it('keeps answering, at once and without throwing, while the collector hangs or is down', async () => {
    const { collector, sightline } = setup();
    collector.answer(() => new Promise(() => undefined)); // never answers
    const waited: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => void waited.push(p) };
    const handler = sightline.wrapFetch(async () => new Response('ok'));
    for (let i = 0; i < 5; i++) {
      const response = await handler(new Request(`https://tool.example/courses/${i}`), {}, ctx);
      expect(await response.text()).toBe('ok');
    }
    expect(waited.length).toBeGreaterThan(0);

    const down = setup();
    down.collector.answer(() => new TypeError('fetch failed'));
    const app = new Hono().use(down.sightline.honoMiddleware()).get('/x', (c) => c.text('fine'));
    for (let i = 0; i < 10; i++) {
      expect(await (await app.fetch(new Request('https://tool.example/x'))).text()).toBe('fine');
      await down.sightline.flush();
      down.clock.advance(1_000);
    }
    expect(down.sightline.stats()).toMatchObject({ open: true, queued: 10 });
  });
});
