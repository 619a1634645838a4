// From a slow route in Web vitals down to its own vitals, distribution, breakdowns and errors.
import type { VitalsResponse } from '../shared/query';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('drill down from a route', async ({ page, seeded }) => {
  await signIn(page, undefined, '/dashboard/vitals');
  const row = page.getByTestId('vitals-routes').locator('tbody tr').first();
  const route = (await row.getAttribute('data-route'))!;
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`route=${encodeURIComponent(route).replace(/[()*]/g, '\\$&')}`));
  const table = page.getByTestId('route-vitals');
  await expect(table).toBeVisible();
  const summary = await seeded.query<VitalsResponse>(`/v1/vitals?${await sameWindow(page)}&route=${encodeURIComponent(route)}`);
  for (const m of ['LCP', 'FCP', 'TTFB'] as const) {
    const v = await table.locator(`tr[data-metric=${m}] td[data-value]`).getAttribute('data-value');
    expect(v === '' ? null : Number(v), m).toBe(summary.metrics[m]?.p75 ?? null);
  }
  await expect(page.getByRole('heading', { name: 'Errors on this route' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By device' })).toBeVisible();
  // Back, with the browser's own button.
  await page.goBack();
  await expect(page.getByTestId('vitals-routes')).toBeVisible();
});
