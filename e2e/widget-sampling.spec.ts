// A site samples out every session (data-sample-rate="0"): the widget sends
// nothing at all, and the page works exactly as without it.
import { expect, hidePage, openDemo, recordIngest, sessionOf, storedEvents, test } from './widget-helpers';

test('with sampleRate 0 nothing is sent and the page works', async ({ page, sightline }) => {
  // Serve the demo page with the script tag's sample rate set to 0.
  await page.route('**/demo/canvas', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      '<script src="/sightline.js"',
      '<script src="/sightline.js" data-sample-rate="0"',
    );
    expect(html).toContain('data-sample-rate="0"');
    await route.fulfill({ response, body: html });
  });
  const sent = await recordIngest(page);
  const { pageErrors } = await openDemo(page, '/demo/canvas');
  const session = await sessionOf(page); // decided, and kept, even when sampled out
  expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('sightline.session')!).sampled)).toBe(
    false,
  );

  // The page's own features still work.
  await page.locator('#load-more').click();
  await expect(page.locator('.context_module_item', { hasText: 'Video: Inside the cell' })).toBeVisible();
  await page.locator('#expand-module').click();
  await expect(page.locator('#expand-module')).toHaveAttribute('aria-expanded', 'false');
  await page.evaluate(() => history.pushState({}, '', '/demo/canvas/courses/42/modules'));
  expect(await page.evaluate(() => location.pathname)).toBe('/demo/canvas/courses/42/modules');
  await hidePage(page);
  await page.waitForTimeout(1_500);

  expect(sent.requests).toEqual([]);
  expect(await sent.bodies()).toEqual([]);
  expect(storedEvents(sightline, session)).toEqual([]);
  expect(pageErrors).toEqual([]);
});
