// The overlay must not move anything on the page, nor catch clicks outside its panel.
import type { Page } from '@playwright/test';
import { ADMIN_TOKEN, SITE_KEY } from './fixtures';
import { configureServer, expect, overlay, test } from './extension-fixtures';
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

test("the overlay's first spot on a page covers none of its controls", async ({
  page,
  background,
  sightline,
}) => {
  // As a support person sees it: field data beside each value, and a tool frame beside the page.
  const now = Date.now();
  const res = await fetch(`${sightline.baseURL}/v1/ingest`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: sightline.baseURL },
    body: JSON.stringify({
      siteKey: SITE_KEY,
      sentAt: now,
      session: `layout-${now}`,
      page: { url: `${sightline.baseURL}/demo/canvas`, route: '/demo/canvas' },
      lms: { platform: 'canvas', iframe: false },
      events: (['LCP', 'FCP', 'TTFB', 'CLS'] as const).flatMap((name) =>
        Array.from({ length: 5 }, (_, i) => ({
          kind: 'vital',
          id: `layout-${name}-${i}-${now}`,
          t: now - i * 1000,
          name,
          value: name === 'CLS' ? 0.3 : 3000,
        })),
      ),
    }),
  });
  expect(res.status, await res.text()).toBe(202);
  await configureServer(background, sightline.baseURL, ADMIN_TOKEN);
  await page.goto('/demo/canvas');
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.id = 'tool_content';
    frame.src = '/demo/moodle?lti=1';
    frame.style.cssText = 'width: 900px; height: 500px; border: 0';
    document.getElementById('content')!.appendChild(frame);
  });
  const panel = overlay(page);
  await expect(panel.locator('td[data-frame="0"] [data-vital="LCP"] .cmp')).toHaveText(/field p75/);
  await expect(panel.locator('thead th')).toHaveCount(3);
  await page.waitForFunction(() => document.querySelector('.ic-notification'));
  const box = (await panel.boundingBox())!;
  const covered = await page.evaluate(
    (b) =>
      [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [role="button"]')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(
          ({ r }) =>
            r.width > 0 && r.x < b.x + b.width && b.x < r.right && r.y < b.y + b.height && b.y < r.bottom,
        )
        .map(({ el }) => el.outerHTML.slice(0, 80)),
    box,
  );
  expect(covered).toEqual([]);
  // "Load more items" (top right at 1280×800) is clicked where it is, the overlay left where it started.
  await page.locator('#load-more').click({ timeout: 5_000 });
});
