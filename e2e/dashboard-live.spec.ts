// While ops watch the overview, new server requests arrive: the tiles and charts update
// without a reload, through the server's event stream.
import { expect, sendServerRequests, signIn, test, tileValue } from './dashboard-fixtures';

test('a new event updates the overview without reload', async ({ page, seeded }) => {
  await signIn(page, undefined, '/dashboard?site=site_demo&range=1h');
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
  const before = (await tileValue(page, 'requests'))!;
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  expect(await sendServerRequests(seeded.baseURL, 5)).toBe(202);

  await expect.poll(() => tileValue(page, 'requests'), { timeout: 15_000 }).toBe(before + 5);
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // same page: no reload
});
