// A learner opens a course page in Canvas or Moodle, uses it (a slow click that
// shifts the layout, a broken button) and switches tab: every kind the widget
// collects arrives, with values a real page produces.
import type { Event } from '../shared/protocol';
import { expect, hidePage, openDemo, recordIngest, sessionOf, test, waitForKinds } from './widget-helpers';

type Of<K extends Event['kind']> = Extract<Event, { kind: K }>;

for (const lms of ['canvas', 'moodle'] as const) {
  test(`every collected kind arrives from /demo/${lms}`, async ({ page, sightline }) => {
    const sent = await recordIngest(page);
    const { pageErrors } = await openDemo(page, `/demo/${lms}`);
    await page.locator('#load-more').click();
    await page.locator('#throw-error').click();
    await page.waitForTimeout(1_000); // the slow handler's INP and the late shift are observed
    await hidePage(page);
    const session = await sessionOf(page); // written at the first flush

    const stored = await waitForKinds(sightline, session, [
      'vital',
      'navigation',
      'resources',
      'longtasks',
      'pageview',
      'error',
    ]);
    for (const { route } of stored) expect(route).toBe(`/demo/${lms}`);
    const all = <K extends Event['kind']>(kind: K) =>
      stored.filter((s) => s.kind === kind).map((s) => s.event as Of<K>);
    const vital = (name: string) => all('vital').find((v) => v.name === name);

    const lcp = vital('LCP');
    expect(lcp?.value).toBeGreaterThan(0);
    expect(lcp?.value).toBeLessThan(60_000);
    expect(lcp?.attribution).toMatchObject({
      target: expect.stringMatching(/\S/),
      timeToFirstByte: expect.any(Number),
      elementRenderDelay: expect.any(Number),
    });
    const parts = [
      'timeToFirstByte',
      'resourceLoadDelay',
      'resourceLoadDuration',
      'elementRenderDelay',
    ] as const;
    const sum = parts.reduce((s, k) => s + Number(lcp!.attribution![k]), 0);
    expect(
      Math.abs(sum - lcp!.value),
      `LCP sub-parts ${JSON.stringify(lcp!.attribution)} add up to ${lcp!.value}`,
    ).toBeLessThanOrEqual(3);
    const inp = vital('INP');
    expect(inp?.value, 'INP of a 150 ms handler').toBeGreaterThanOrEqual(150);
    expect(inp?.attribution).toMatchObject({
      interactionTarget: expect.stringContaining('#load-more'),
      interactionType: 'pointer',
    });
    expect(Number(inp!.attribution!.processingDuration)).toBeGreaterThanOrEqual(140);
    for (const name of ['FCP', 'TTFB']) expect(vital(name)?.value, name).toBeGreaterThanOrEqual(0);
    for (const v of all('vital')) expect(v.rating).toMatch(/^(good|needs-improvement|poor)$/);

    const [navigation] = all('navigation');
    expect(navigation).toMatchObject({ type: 'navigate' });
    expect(navigation!.load).toBeGreaterThan(0);
    expect(navigation!.load).toBeGreaterThanOrEqual(navigation!.ttfb);

    const resources = all('resources');
    expect(resources[0]!.byType.script?.count, 'sightline.js itself').toBeGreaterThanOrEqual(1);
    expect(resources[0]!.slowest.map((r) => r.url)).toContain(
      new URL('/sightline.js', sightline.baseURL).href,
    );
    expect(resources[0]!.failed).toBe(0);
    for (const r of resources.flatMap((e) => e.slowest))
      expect(r.url, 'no ingest requests, no queries').not.toMatch(/v1\/ingest|\?/);

    const [longtasks] = all('longtasks');
    expect(longtasks!.count).toBeGreaterThanOrEqual(1);
    expect(longtasks!.totalBlockingTime).toBeGreaterThanOrEqual(90);
    expect(longtasks!.worstFrame?.duration, 'a long animation frame (Chromium 123+)').toBeGreaterThanOrEqual(
      150,
    );
    expect(longtasks!.worstFrame?.invoker).toContain('load-more');

    expect(all('pageview')).toEqual([
      expect.objectContaining({ navigation: 'hard', title: expect.stringMatching(/\S/) }),
    ]);
    const [error] = all('error');
    expect(error).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/^Uncaught Error: Demo: .+ failed$/),
      stack: expect.stringContaining('Error: Demo:'),
    });
    expect(pageErrors).toEqual([error!.message.replace('Uncaught Error: ', '')]);

    // The envelope: the LMS, a device class and an anonymous user id; no query strings anywhere.
    const bodies = await sent.bodies();
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(body).toMatchObject({
        lms: { platform: lms, iframe: false },
        device: 'desktop',
        user: expect.stringMatching(/^[\w-]{8,64}$/),
      });
      expect(JSON.stringify(body)).not.toContain('?');
    }
  });
}
