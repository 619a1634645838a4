// On a site not chosen in the options, support staff switch the overlay on from the popup:
// it starts in the open tab at once (no reload) and stays on for the site; switched off,
// it is gone and Sightline no longer runs there.
import type { Chrome } from './extension-fixtures';
import { DEMO_HOST, expect, overlay, tabIdOf, test, waitForRegistration } from './extension-fixtures';

test.use({ chosenSites: [] });

test('the popup switches the overlay on and off for a site', async ({
  page,
  background,
  sightline,
  openExtensionPage,
}) => {
  await page.goto('/demo/moodle');
  const probe = await openExtensionPage('options.html');
  const tabId = await tabIdOf(probe, `${sightline.baseURL}/demo/moodle`);

  const popup = await openExtensionPage(`popup.html?tab=${tabId}`);
  await expect(popup.getByTestId('not-running')).toContainText(
    'Sightline is not running on this page: 127.0.0.1 is not a site chosen in the options',
  );
  await popup.getByTestId('overlay-toggle').click();
  await expect(overlay(page)).toBeVisible();
  await expect(popup.getByTestId('overlay-toggle')).toBeChecked();
  await expect(popup.locator('section[aria-label="This tab"]')).toContainText('switched on for this site');
  await expect(popup.locator('table.summary')).toContainText('TTFB');
  await expect(popup.getByTestId('capture')).toBeEnabled();

  // Remembered for the site: registered, so on after a reload too.
  await waitForRegistration(background, [DEMO_HOST]);
  await page.reload();
  await expect(overlay(page)).toBeVisible();
  // Injecting into a page that has the content script already starts nothing more.
  await probe.evaluate(
    (tabId) =>
      (globalThis as unknown as { chrome: Chrome }).chrome.scripting.executeScript({
        target: { tabId, allFrames: true },
        files: ['content-scripts/content.js'],
      }),
    tabId,
  );
  await page.waitForTimeout(500);
  await expect(page.locator('sightline-overlay')).toHaveCount(1);

  const again = await openExtensionPage(`popup.html?tab=${tabId}`);
  await again.getByTestId('overlay-toggle').click();
  await expect(page.locator('sightline-overlay')).toHaveCount(0);
  await expect(again.getByTestId('overlay-toggle')).not.toBeChecked();
  await waitForRegistration(background, []);
});
