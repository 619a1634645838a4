// Ops watch the overview of a Worker deployment (`wrangler dev`: D1, the ingest Queue, the
// live hub Durable Object): new server requests go through the Queue and its consumer, and
// the tiles update without a reload, through the live hub's event stream.
import { randomUUID } from 'node:crypto';
import { expect, signIn, tileValue } from './dashboard-fixtures';
import { ADMIN_TOKEN } from './fixtures';
import { test } from './wrangler';

test('a new event updates the overview on the Worker without reload', async ({ page, sightline }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await signIn(page, ADMIN_TOKEN, '/dashboard?site=site_demo&range=1h');
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  const before = (await tileValue(page, 'requests')) ?? 0;
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
  const res = await fetch(`${sightline.baseURL}/v1/ingest/server?site=site_demo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ sentAt: now, service: 'e2e', events }),
  });
  expect(res.status).toBe(202);

  await expect.poll(() => tileValue(page, 'requests'), { timeout: 30_000 }).toBe(before + 5);
  expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42); // same page: no reload
  expect(consoleErrors).toEqual([]);
});
