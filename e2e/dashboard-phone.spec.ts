// On a phone (375 px), every view fits the screen: no sideways scrolling; the views are reachable by keyboard.
import { expect, expectNoHorizontalScroll, signIn, test } from './dashboard-fixtures';

test.use({ viewport: { width: 375, height: 812 } });

test('every view fits 375 px and is keyboard reachable', async ({ page }) => {
  await signIn(page);
  await expect(page.getByTestId('tile-requests')).toBeVisible();
  for (const name of [
    'Overview',
    'Web vitals',
    'Errors',
    'Endpoints & database',
    'LTI & features',
    'Business',
    'Releases',
    'Alerts',
    'Health & synthetic',
    'Settings',
  ]) {
    const link = page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.locator('[aria-busy=true]')).toHaveCount(0, { timeout: 10_000 });
    await page.waitForTimeout(200);
    await expectNoHorizontalScroll(page, name);
  }
});
