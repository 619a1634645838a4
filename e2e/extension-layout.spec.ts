// The overlay must not move anything on the page, nor catch clicks outside its panel.
import type { Page } from '@playwright/test';
import { expect, overlay, test } from './extension-fixtures';
import type { Chrome } from './extension-fixtures';

/** Positions of the page's own elements, after the demo's late notice has settled. */
async function layout(page: Page) {
  await page.waitForFunction(() => document.querySelector('.ic-notification'));
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .slice(0, 300)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return `${el.tagName}#${el.id}.${el.className} ${r.x},${r.y},${r.width},${r.height}`;
      })
      .concat(`scroll ${document.documentElement.scrollWidth}x${document.documentElement.scrollHeight}`),
  );
}

test('the overlay does not change the page layout', async ({ page, background }) => {
  await page.goto('/demo/canvas');
  await expect(overlay(page)).toBeVisible();
  const withOverlay = await layout(page);
  // Outside the panel, the page gets the pointer: the host is zero-size and click-through.
  const hit = await page.evaluate(
    () => document.elementFromPoint(640, 700)?.closest('sightline-overlay') ?? null,
  );
  expect(hit).toBeNull();
  await page.locator('#expand-module').click();
  await expect(page.locator('#expand-module')).toHaveAttribute('aria-expanded', 'false');

  // The same page with the overlay switched off for this site.
  await background.evaluate(() =>
    (globalThis as unknown as { chrome: Chrome }).chrome.storage.local.set({
      overlayToggles: { '127.0.0.1': false },
    }),
  );
  await page.reload();
  await page.waitForTimeout(500);
  await expect(page.locator('sightline-overlay')).toHaveCount(0);
  const withoutOverlay = await layout(page);
  expect(withOverlay.length).toBeGreaterThan(50);
  expect(withOverlay).toEqual(withoutOverlay);
});
