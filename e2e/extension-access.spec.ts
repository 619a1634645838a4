// Chrome asks for no site at install: the overlay runs only on sites the user both chose
// (in the options) and granted (at run time). Headless Chromium cannot answer a permission
// prompt, so "granted" is what the loaded copy's manifest says (fixtures: grantedHosts).
import type { Page } from '@playwright/test';
import {
  DEMO_HOST,
  expect,
  overlay,
  registeredMatches,
  tabIdOf,
  test,
  updateSettings,
  waitForRegistration,
} from './extension-fixtures';

/** Waits well past the time the overlay takes to show where it runs (the other specs: under 1 s). */
async function expectNoOverlay(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForTimeout(1_000);
  await expect(page.locator('sightline-overlay')).toHaveCount(0);
}

test.describe('as installed, with no site granted', () => {
  test.use({ grantedHosts: [] });

  test('the overlay does not run on a Canvas page, and the popup says there is no access', async ({
    page,
    background,
    sightline,
    openExtensionPage,
  }) => {
    await page.goto('/demo/canvas');
    await expectNoOverlay(page);
    expect(await registeredMatches(background)).toEqual([]);

    const probe = await openExtensionPage('options.html');
    const popup = await openExtensionPage(
      `popup.html?tab=${await tabIdOf(probe, `${sightline.baseURL}/demo/canvas`)}`,
    );
    await expect(popup.getByTestId('not-running')).toHaveText(
      'Sightline has no access to 127.0.0.1. Switching the overlay on asks for it and starts it here.',
    );
    await expect(popup.getByTestId('overlay-toggle')).not.toBeChecked();

    // Switched on without the site's access (and no toolbar click to let it into the tab):
    // plain words and a grant button, not the browser's "Cannot access contents of url…".
    await popup.getByTestId('overlay-toggle').click();
    const problem = popup.getByTestId('switch-error');
    await expect(problem).toContainText('Sightline needs your permission to read pages on 127.0.0.1.');
    await expect(problem).not.toContainText('Cannot access');
    await expect(problem).not.toContainText('manifest');
    await expect(popup.getByTestId('grant-access')).toHaveText('Grant access to 127.0.0.1');
  });
});

test.describe('with the demo host granted but not chosen', () => {
  test.use({ chosenSites: [] });

  test('the overlay runs from the next load after the host is added in the options, and stops when it is removed', async ({
    page,
    background,
  }) => {
    // Canvas is recognised here, but detection applies only on the sites Sightline runs on.
    await page.goto('/demo/canvas');
    await expectNoOverlay(page);

    await updateSettings(background, { sitePatterns: ['127.0.0.1'] });
    await waitForRegistration(background, [DEMO_HOST]);
    await page.reload();
    await expect(overlay(page)).toBeVisible();

    await updateSettings(background, { sitePatterns: [] });
    await waitForRegistration(background, []);
    await page.reload();
    await expectNoOverlay(page);
  });
});
