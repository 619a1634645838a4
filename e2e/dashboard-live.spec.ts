// While ops watch the overview, new server requests arrive: the tiles and charts update
// without a reload, through the server's event stream.
import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN } from './fixtures';
import { expect, signIn, test, tileValue } from './dashboard-fixtures';

test('a new event updates the overview without reload', async ({ page, seeded }) => {
  await signIn(page, undefined, '/dashboard?site=site_demo&range=1h');
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
  const before = (await tileValue(page, 'requests'))!;
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  const now = Date.now();
  const events = Array.from({ length: 5 }, (_, i) => ({
    kind: 'request',
    id: `live-${randomUUID()}`,
    t: now - i * 1000,
    method: 'GET',
    route: '/api/v1/live/:id',
    status: 200,
    duration: 80 + i,
  }));
  const res = await fetch(`${seeded.baseURL}/v1/ingest/server?site=site_demo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ sentAt: now, service: 'e2e', events }),
  });
  expect(res.status).toBe(202);

  await expect.poll(() => tileValue(page, 'requests'), { timeout: 15_000 }).toBe(before + 5);
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // same page: no reload
});
