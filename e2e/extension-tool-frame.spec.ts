// "Is it the LMS or the tool?": with an LTI tool in a frame of the Canvas page, the
// overlay shows the page's and the tool frame's vitals side by side.
import { expect, overlay, test } from './extension-fixtures';

test('the tool frame reports to the top frame and shows beside the LMS page', async ({ page }) => {
  await page.goto('/demo/canvas');
  await expect(overlay(page)).toBeVisible();
  // As Canvas embeds a tool: an iframe#tool_content in the content area.
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.id = 'tool_content';
    frame.src = '/demo/moodle?lti=1';
    frame.style.cssText = 'width: 900px; height: 500px; border: 0';
    document.getElementById('content')!.appendChild(frame);
  });
  const panel = overlay(page);
  await expect(panel.locator('thead th[data-frame="1"]')).toHaveText(/^Tool frame · 127\.0\.0\.1:\d+$/);
  for (const name of ['FCP', 'TTFB']) {
    await expect(panel.locator(`td[data-frame="1"] [data-vital="${name}"] .value`), name).not.toHaveText('–');
  }
  // An error in the tool frame counts there, not on the LMS page.
  await page.frameLocator('#tool_content').locator('#throw-error, button.btn-danger').first().click();
  await expect(panel.locator('td[data-frame="1"][data-errors]')).toHaveAttribute('data-errors', '1');
  await expect(panel.locator('td[data-frame="0"][data-errors]')).toHaveAttribute('data-errors', '0');
});
