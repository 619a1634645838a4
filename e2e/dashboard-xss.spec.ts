// An error message from the field carrying markup is shown as text, in the list and the drill-down.
import { randomUUID } from 'node:crypto';
import { SITE_KEY } from './fixtures';
import { expect, signIn, test } from './dashboard-fixtures';

const EVIL = '<img src=x onerror="window.__xss=1">Boom <script>window.__xss=2</script>';

test('an <img onerror> in an error message stays text', async ({ page, seeded }) => {
  const now = Date.now();
  const res = await fetch(`${seeded.baseURL}/v1/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: seeded.baseURL },
    body: JSON.stringify({
      siteKey: SITE_KEY,
      sentAt: now,
      session: `xss-${randomUUID()}`,
      page: { url: `${seeded.baseURL}/courses/1/quiz/<b>x</b>` },
      lms: { platform: 'canvas', iframe: true },
      events: [
        {
          kind: 'error',
          id: `xss-${randomUUID()}`,
          t: now,
          type: 'error',
          message: EVIL,
          stack: `Error: ${EVIL}\n    at <svg onload=alert(1)> (https://tool.example/app.js:1:1)`,
        },
      ],
    }),
  });
  expect(res.status).toBe(202);

  await signIn(page, undefined, '/dashboard/errors?site=site_demo&range=1h');
  const link = page.getByTestId('error-groups').getByRole('link', { name: /img src/ });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByTestId('error-message')).toHaveText(EVIL);
  await expect(page.getByTestId('error-detail')).toContainText('<svg onload=alert(1)>');
  expect(await page.locator('main img, main script, main svg').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
