// Support staff sign in with a read token: the token is refused when wrong, never
// appears in the URL, survives a reload of the tab, and offers nothing it may not do.
import { ADMIN_TOKEN } from './fixtures';
import { expect, READ_TOKEN, signIn, test } from './dashboard-fixtures';

test('sign in with a read token, reload, see alerts read-only, sign out', async ({ page }) => {
  await page.goto('/dashboard');
  await page.getByLabel('API token').fill('sl_read_wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('refused');

  await signIn(page, READ_TOKEN);
  await expect(page.getByTestId('tile-requests')).toBeVisible();
  expect(page.url()).not.toContain(READ_TOKEN);
  expect(await page.evaluate(() => sessionStorage.getItem('sightline.dashboard.token'))).toBe(READ_TOKEN);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await expect(page.locator('header')).toContainText('dashboard (read)');

  // A deep link as a notification sends it, after a reload: still signed in.
  await page.goto('/dashboard/alerts?site=site_demo&rule=high-error-rate');
  await expect(page.getByTestId('active-alerts')).toContainText('High Error Rate');
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Silence' })).toHaveCount(0);
  await expect(page.getByText('Read-only token').first()).toBeVisible();
  // And the server refuses it anyway.
  const alertId = await page.getByTestId('active-alerts').locator('li').first().getAttribute('data-alert');
  const res = await page.request.post(`/v1/alerts/${alertId}/ack`, {
    headers: { authorization: `Bearer ${READ_TOKEN}` },
  });
  expect(res.status()).toBe(403);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByLabel('API token')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('sightline.dashboard.token'))).toBeNull();

  // An admin sees the actions.
  await signIn(page, ADMIN_TOKEN, '/dashboard/alerts?site=site_demo');
  await expect(page.getByRole('button', { name: 'Acknowledge' }).first()).toBeVisible();
});
