// Ops watch the overview of a Worker deployment (`wrangler dev`: D1, the ingest Queue, the
// live hub Durable Object): new server requests go through the Queue and its consumer, and
// the tiles update without a reload, through the live hub's event stream.
import { expect, sendServerRequests, signIn, tileValue } from './dashboard-fixtures';
import { ADMIN_TOKEN } from './fixtures';
import { test } from './wrangler';

test('a new event updates the overview on the Worker without reload', async ({ page, sightline }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await signIn(page, ADMIN_TOKEN, '/dashboard?site=site_demo&range=1h');
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  const before = (await tileValue(page, 'requests')) ?? 0;
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  expect(await sendServerRequests(sightline.baseURL, 5)).toBe(202);

  await expect.poll(() => tileValue(page, 'requests'), { timeout: 30_000 }).toBe(before + 5);
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // same page: no reload
  expect(consoleErrors).toEqual([]);
});
