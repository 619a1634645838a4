// Support staff open a Canvas course page: the overlay shows this page's vitals,
// with ratings in colour and words, and they move as the page is used.
import { expect, interact, overlay, test } from './extension-fixtures';

test('the overlay appears on /demo/canvas with real values after interaction', async ({ page }) => {
  await page.goto('/demo/canvas');
  const panel = overlay(page);
  await expect(panel).toBeVisible();
  await expect(panel.locator('thead th[data-frame="0"]')).toHaveText('Canvas page');
  await interact(page);
  // Errors from the page world reach the isolated content script.
  await page.locator('#throw-error').click();

  for (const name of ['LCP', 'FCP', 'TTFB', 'INP', 'CLS']) {
    const cell = panel.locator(`td[data-frame="0"] [data-vital="${name}"]`);
    await expect(cell.locator('.value'), name).not.toHaveText('–');
    await expect(cell.locator('.rating'), name).toHaveText(/^(good|needs improvement|poor)$/);
    await expect(cell, name).toHaveClass(/good|needs-improvement|poor/);
  }
  // The slow click handler (150 ms busy) is the INP interaction.
  const inp = await panel.locator('td[data-frame="0"] [data-vital="INP"] .value').textContent();
  expect(parseInt(inp!, 10)).toBeGreaterThanOrEqual(150);
  await expect(panel.locator('td[data-frame="0"][data-errors]')).toHaveAttribute('data-errors', '1');

  // Attribution on demand: hovering INP names the target; LCP outlines its element.
  await panel.locator('tbody tr', { hasText: 'INP' }).locator('td[data-frame="0"]').hover();
  await expect(panel.locator('[data-testid="attribution"]')).toContainText('load-more');
  await panel.locator('tbody tr', { hasText: 'LCP' }).locator('td[data-frame="0"]').hover();
  await expect(page.locator('sightline-overlay [data-testid="highlight"]')).toBeVisible();
  const box = await page.locator('sightline-overlay [data-testid="highlight"]').boundingBox();
  const lcpElement = await page
    .locator('#course-hero h1, #course-hero p, #course-hero')
    .first()
    .boundingBox();
  expect(box && lcpElement).toBeTruthy();

  // Movable (interact() dragged it) and collapsible, and it remembers both on this site.
  const moved = (await panel.boundingBox())!;
  expect(moved.x).toBeLessThan(400);
  await panel.locator('button.fold').click();
  await expect(panel).toHaveClass(/collapsed/);
  await page.reload();
  await expect(overlay(page)).toHaveClass(/collapsed/);
  const again = (await overlay(page).boundingBox())!;
  expect([again.x, again.y]).toEqual([moved.x, moved.y]);
});
