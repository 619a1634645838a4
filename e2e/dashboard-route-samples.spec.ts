// A route's drill-down shows its latest samples with their attribution on the seeded demo
// (issue #19 item 5): seed-demo stores the demo site's last two days of batches raw.
import type { VitalSamplesResponse } from '../shared/dashboard';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('a busy route shows its latest LCP samples and what the LCP element was', async ({ page, seeded }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Web vitals' }).click();
  const first = page.getByTestId('vitals-routes').locator('tbody tr').first();
  const route = (await first.getAttribute('data-route'))!;
  await first.getByRole('link').click();
  const samples = page.getByTestId('route-samples');
  await expect(samples).toBeVisible();
  const api = await seeded.query<VitalSamplesResponse>(
    `/v1/vitals/samples?${await sameWindow(page)}&metric=LCP&route=${encodeURIComponent(route)}&limit=20`,
  );
  expect(api.samples.length).toBeGreaterThan(0);
  await expect(samples.locator('tbody tr')).toHaveCount(api.samples.length);
  // Seeded samples carry the widget's LCP attribution: the element and the four parts.
  const withParts = api.samples.find((s) => s.attribution.elementRenderDelay !== undefined)!;
  expect(withParts.attribution.target).toBeTruthy();
  await expect(
    samples.locator('tbody tr', { hasText: `target: ${withParts.attribution.target}` }).first(),
  ).toContainText('resourceLoadDuration');
});
