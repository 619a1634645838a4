// From a slow route in Web vitals down to its own vitals, distribution, breakdowns, errors and samples.
import type { VitalsResponse } from '../shared/query';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('drill down from a route', async ({ page, seeded }) => {
  await signIn(page, undefined, '/dashboard/vitals');
  const row = page.getByTestId('vitals-routes').locator('tbody tr').first();
  const route = (await row.getAttribute('data-route'))!;
  // A sample with attribution from a page on that route is listed in the drill-down. It is
  // dated a few minutes back: the page's range ends when the page computed it.
  const now = Date.now() - 5 * 60_000;
  const sent = await fetch(`${seeded.baseURL}/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({
      siteKey: seeded.siteKey,
      sentAt: now,
      session: `e2e-samples-${now}`,
      page: { url: `${seeded.baseURL}${route.replaceAll(':id', '42')}` },
      events: [
        {
          kind: 'vital',
          id: `e2e-sample-${now}`,
          t: now,
          name: 'LCP',
          value: 2345,
          rating: 'good',
          attribution: { element: 'img.hero-e2e' },
        },
      ],
    }),
  });
  expect(sent.status, await sent.text()).toBe(202);
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`route=${encodeURIComponent(route).replace(/[()*]/g, '\\$&')}`));
  const table = page.getByTestId('route-vitals');
  await expect(table).toBeVisible();
  const summary = await seeded.query<VitalsResponse>(
    `/v1/vitals?${await sameWindow(page)}&route=${encodeURIComponent(route)}`,
  );
  for (const m of ['LCP', 'FCP', 'TTFB'] as const) {
    const v = await table.locator(`tr[data-metric=${m}] td[data-value]`).getAttribute('data-value');
    expect(v === '' ? null : Number(v), m).toBe(summary.metrics[m]?.p75 ?? null);
  }
  await expect(page.getByTestId('route-samples')).toContainText('element: img.hero-e2e');
  await expect(page.getByRole('heading', { name: 'Errors on this route' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By device' })).toBeVisible();
  // Back, with the browser's own button.
  await page.goBack();
  await expect(page.getByTestId('vitals-routes')).toBeVisible();
});
