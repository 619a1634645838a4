// Changing the time range refetches every chart and puts the range in the URL, so the link reproduces it.
import { expect, pageWindow, signIn, test } from './dashboard-fixtures';

test('a range change updates the charts and the URL; the link reproduces it', async ({ page }) => {
  await signIn(page);
  const chart = page.getByTestId('chart-requests');
  await expect(chart.locator('canvas')).toBeVisible();
  const before = Number(await chart.getAttribute('data-from'));
  expect(page.url()).toContain('range=24h');

  await page.getByRole('button', { name: '7d', exact: true }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect
    .poll(async () => Number(await chart.getAttribute('data-from')))
    .toBeLessThan(before - 5 * 86_400_000);
  await expect(page.getByTestId('range-label')).toContainText('Last 7 days');
  const w = await pageWindow(page);
  expect(w.to - w.from).toBe(7 * 86_400_000);

  // A custom range in local time, then the link opened again.
  await page.getByRole('button', { name: 'Custom' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-11-20T08:00');
  await page.getByLabel('To', { exact: true }).fill('2026-11-21T08:00');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(
    /range=custom&from=2026-11-20T08%3A00%3A00.000Z&to=2026-11-21T08%3A00%3A00.000Z/,
  );
  await expect
    .poll(async () => Number(await chart.getAttribute('data-from')))
    .toBeLessThanOrEqual(Date.UTC(2026, 10, 20, 8));
  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByRole('button', { name: 'Custom' })).toHaveAttribute('aria-pressed', 'true');
  expect(await pageWindow(page)).toMatchObject({
    from: Date.UTC(2026, 10, 20, 8),
    to: Date.UTC(2026, 10, 21, 8),
  });
  await expect(page.getByTestId('tile-requests')).toBeVisible();
});
