// Web vitals: every route can be reached (issue #19 item 8): the routes page by 50 with Next
// and Previous, and a search by part of the name finds one among hundreds; the rows are the
// query API's for the same window.
import type { VitalsRoutesResponse } from '../shared/query';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('pages through the routes and finds one by name', async ({ page, seeded }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Web vitals' }).click();
  const rows = page.getByTestId('vitals-routes').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  const q = await sameWindow(page);
  const all = await seeded.query<VitalsRoutesResponse>(
    `/v1/vitals/routes?${q}&metric=LCP&sort=count&limit=50`,
  );
  expect(all.total).toBeGreaterThan(50);
  const pager = page.getByRole('navigation', { name: 'Routes pages' });
  await expect(pager.getByTestId('routes-range')).toHaveText(`1–50 of ${all.total} routes`);
  await expect(pager.getByRole('button', { name: '← Previous' })).toBeDisabled();

  await pager.getByRole('button', { name: 'Next →' }).click();
  const second = await seeded.query<VitalsRoutesResponse>(
    `/v1/vitals/routes?${q}&metric=LCP&sort=count&limit=50&offset=50`,
  );
  await expect(pager.getByTestId('routes-range')).toHaveText(
    `51–${50 + second.routes.length} of ${all.total} routes`,
  );
  await expect(rows.first()).toHaveAttribute('data-route', second.routes[0].route);
  await pager.getByRole('button', { name: '← Previous' }).click();
  await expect(rows.first()).toHaveAttribute('data-route', all.routes[0].route);

  // A route from the second page, found by a part of its name in another case.
  const wanted = second.routes[second.routes.length - 1].route;
  const part = wanted.split('/').filter(Boolean).pop()!.toUpperCase();
  const found = await seeded.query<VitalsRoutesResponse>(
    `/v1/vitals/routes?${q}&metric=LCP&sort=count&limit=50&q=${encodeURIComponent(part)}`,
  );
  await page.getByRole('searchbox', { name: 'Find a route' }).fill(part);
  await expect(rows).toHaveCount(found.routes.length);
  await expect(rows.first()).toHaveAttribute('data-route', found.routes[0].route);
  if (found.total <= 50) await expect(page.locator(`tr[data-route="${wanted}"]`)).toHaveCount(1);
  for (const route of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-route')!)))
    expect(route.toLowerCase()).toContain(part.toLowerCase());

  await page.getByRole('searchbox', { name: 'Find a route' }).fill('no-such-route-anywhere');
  await expect(page.getByText('No route with “no-such-route-anywhere” in its name')).toBeVisible();
});
