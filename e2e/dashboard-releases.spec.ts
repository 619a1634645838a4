// Ops checks whether last night's deploy made things worse: the Releases view lists the
// seeded demo's two releases, flags the second's LCP regression as the API does, and the
// Overview's charts mark the deploy.
import type { ReleasesResponse } from '../shared/releases';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('the Releases view flags the regression, and the charts mark the deploy', async ({ page, seeded }) => {
  await signIn(page);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await nav.getByRole('link', { name: 'Releases' }).click();
  await page.getByRole('button', { name: '7d', exact: true }).click();
  const list = page.getByTestId('releases');
  await expect(list).toBeVisible();
  const q = await sameWindow(page);
  const api = await seeded.query<ReleasesResponse>(`/v1/releases?${q}`);
  expect(api.releases.map((r) => r.release)).toEqual(['2026.11.4', '2026.11.3']);
  const [current] = api.releases;
  expect(current.previous).toBe('2026.11.3');
  expect(current.regressions).toBeGreaterThan(0);

  const row = list.locator('tr[data-release="2026.11.4"]');
  await expect(row).toContainText('2026.11.3');
  await expect(row).toContainText(`${current.regressions} regression`);
  const comparisons = page.getByTestId('release-comparisons-2026.11.4');
  const flagged = comparisons.locator('tr[data-regression="true"]');
  await expect(flagged).toHaveCount(current.comparisons.filter((c) => c.regression).length);
  const lcp = current.comparisons.find((c) => c.regression && c.metric === 'LCP')!;
  await expect(flagged.filter({ hasText: lcp.key }).first()).toContainText('LCP p75');
  await expect(flagged.first()).toContainText('Regression');

  // The deploy six days ago, on the Overview's charts over the same 7 days.
  await nav.getByRole('link', { name: 'Overview' }).click();
  const chart = page.locator('figure.chart').first();
  await expect(chart).toHaveAttribute('data-markers', '1');
  await expect(chart.locator('.chart-markers')).toContainText('2026.11.4');
});
