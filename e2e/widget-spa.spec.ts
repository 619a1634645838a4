// A single-page tool changes its route through the History API: the widget
// records a soft page view on the new, normalised route, and what happened
// before stays on the old one.
import { expect, hidePage, openDemo, sessionOf, test, waitForKinds } from './widget-helpers';

test('a History API navigation produces a soft page view on the new route', async ({ page, sightline }) => {
  await openDemo(page, '/demo/canvas');
  await page.evaluate(() => history.pushState({}, '', '/demo/canvas/courses/42/modules'));
  await page.evaluate(() =>
    (window as Window & { sightline?: { track(n: string): void } }).sightline?.track('modules_opened'),
  );
  await hidePage(page);
  const session = await sessionOf(page); // written at the first flush

  const stored = await waitForKinds(sightline, session, ['pageview', 'navigation', 'resources', 'custom']);
  const pageviews = stored.filter((s) => s.kind === 'pageview');
  expect(pageviews.map((p) => [p.route, (p.event as { navigation?: string }).navigation])).toEqual([
    ['/demo/canvas', 'hard'],
    ['/demo/canvas/courses/:id/modules', 'soft'],
  ]);
  // Flushed before the switch: the first page's load events keep the first route.
  for (const kind of ['navigation', 'resources'] as const) {
    expect(stored.find((s) => s.kind === kind)?.route, kind).toBe('/demo/canvas');
  }
  expect(stored.find((s) => s.kind === 'custom')?.route).toBe('/demo/canvas/courses/:id/modules');
});
