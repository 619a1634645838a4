// Business: active users and sessions over the range as charts (issue #19 item 11), one point
// per hour over a day and per day over 30 days, the query API's for the same window.
import type { BusinessResponse } from '../shared/query';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('shows active users and sessions over the range as charts', async ({ page, seeded }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Business' }).click();
  const users = page.getByTestId('chart-active-users');
  const sessions = page.getByTestId('chart-sessions');
  await expect(users.getByText('Active users per hour')).toBeVisible();
  let biz = await seeded.query<BusinessResponse>(`/v1/business?${await sameWindow(page)}`);
  await expect(users).toHaveAttribute('data-points', String(biz.trend.points.length));
  await expect(sessions).toHaveAttribute('data-from', String(biz.trend.points[0].t));
  expect(biz.trend.points.reduce((n, p) => n + p.sessions, 0)).toBeGreaterThan(0);
  await expect(users.locator('canvas')).toBeVisible();

  await page.getByRole('button', { name: '30d' }).click();
  await expect(users.getByText('Active users per day')).toBeVisible();
  biz = await seeded.query<BusinessResponse>(`/v1/business?${await sameWindow(page)}`);
  expect(biz.trend.step).toBe('1d');
  await expect(users).toHaveAttribute('data-points', String(biz.trend.points.length));
  const last = biz.trend.points[biz.trend.points.length - 1];
  await expect(sessions.locator('.sr-only')).toHaveText(
    `Latest — Sessions: ${last.sessions.toLocaleString('en-US')}`,
  );
});
