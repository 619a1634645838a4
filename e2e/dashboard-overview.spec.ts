// Ops open the overview: the tiles show the query API's numbers for the same window,
// with status in words, thresholds and change; charts and lists render. How fast it loads
// is printed, not asserted: a busy 2-core machine is no measure (speed lives in benchmarks).
// Also saves the README's desktop and phone screenshots (docs/, with UPDATE_SCREENSHOTS=1).
import type { AlertView } from '../shared/alerts';
import type { OverviewResponse, VitalsResponse } from '../shared/query';
import { ROOT } from './fixtures';
import { expect, expectNoHorizontalScroll, sameWindow, signIn, test, tileValue } from './dashboard-fixtures';

test('the overview shows the API numbers, loads, and fits a phone', async ({ page, seeded }) => {
  await signIn(page);
  await expect(page.getByTestId('tiles').locator('.tile')).toHaveCount(9);
  const q = await sameWindow(page);
  const overview = await seeded.query<OverviewResponse>(`/v1/overview?${q}`);
  const vitals = await seeded.query<VitalsResponse>(`/v1/vitals?${q}`);
  const f = overview.figures;
  expect(await tileValue(page, 'requests')).toBe(f.totalRequests.value);
  expect(await tileValue(page, 'error-rate')).toBe(f.errorRate.value);
  expect(await tileValue(page, 'p95')).toBe(f.p95ResponseTime.value);
  expect(await tileValue(page, 'lti')).toBe(f.ltiLaunches.value);
  expect(await tileValue(page, 'uptime')).toBe(f.uptime.value);
  for (const m of ['LCP', 'INP', 'CLS'] as const)
    expect(await tileValue(page, m.toLowerCase())).toBe(vitals.metrics[m]?.p75 ?? null);
  const { alerts } = await seeded.query<{ alerts: AlertView[] }>('/v1/alerts?site=site_demo');
  expect(await tileValue(page, 'alerts')).toBe(
    alerts.filter((a) => a.state === 'firing' || a.state === 'pending').length,
  );

  // The seeded incident is firing now: the error rate tile says so in words, with its threshold.
  const errorTile = page.getByTestId('tile-error-rate');
  await expect(errorTile).toContainText('Critical');
  await expect(errorTile).toContainText('red > 5 %');
  await expect(errorTile).toContainText('vs previous period');
  for (const id of ['requests', 'errors', 'response_time', 'lti_launches'])
    await expect(page.getByTestId(`chart-${id}`).locator('canvas')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Top errors' })).toBeVisible();
  await expect(page.getByTestId('timezone')).toContainText('UTC');

  // A reload with the session kept: from navigation to every tile and chart drawn.
  await page.reload();
  await expect(page.getByTestId('chart-lti_launches').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('tile-lti').locator('.tile-value')).not.toHaveText('');
  const loadMs = await page.evaluate(() => performance.now());
  console.log(`overview loaded in ${loadMs.toFixed(0)} ms after navigation`);

  // The README's screenshots are rewritten only when asked, so a test run leaves the tree clean.
  const shots = process.env.UPDATE_SCREENSHOTS ? `${ROOT}docs` : test.info().outputDir;
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shots}/dashboard-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.waitForTimeout(300);
  await expectNoHorizontalScroll(page, 'overview at 375 px');
  await page.screenshot({ path: `${shots}/dashboard-phone.png`, fullPage: true });
});
