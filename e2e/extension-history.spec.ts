// QA keeps their snapshots: a snapshot taken while the server is down waits in the
// browser and is uploaded once, when the server is back; the history lists every
// snapshot, re-opens its report offline, compares two, copies one for a ticket, deletes.
import type { Page } from '@playwright/test';
import { ADMIN_TOKEN, freePort, nodeServer, startServer } from './fixtures';
import { configureServer, expect, interact, tabIdOf, test } from './extension-fixtures';
import type { Chrome } from './extension-fixtures';

// The screenshot needs activeTab or `<all_urls>` (extension-snapshot.spec.ts says why).
test.use({ grantedHosts: ['<all_urls>'] });

/** Captures the demo page from the popup (opened for its tab) and returns the popup. */
async function capture(openExtensionPage: (path: string) => Promise<Page>, baseURL: string): Promise<Page> {
  const options = await openExtensionPage('options.html');
  const tabId = await tabIdOf(options, `${baseURL}/demo/canvas*`);
  await options.close();
  const popup = await openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.getByTestId('capture').click();
  await expect(popup.getByTestId('capture-result')).toBeVisible({ timeout: 20_000 });
  return popup;
}

test('a snapshot taken while the server is down is kept and uploaded once when it is back', async ({
  page,
  background,
  sightline,
  openExtensionPage,
}) => {
  // The snapshot server is down: nothing listens on its port yet.
  const port = await freePort();
  await configureServer(background, `http://127.0.0.1:${port}`, ADMIN_TOKEN);
  await page.goto('/demo/canvas?course=7');
  await interact(page);

  const popup = await capture(openExtensionPage, sightline.baseURL);
  await expect(popup.getByTestId('queued-note')).toContainText(`cannot reach http://127.0.0.1:${port}`);
  await expect(popup.getByTestId('support-code')).toHaveCount(0);

  const history = await openExtensionPage('history.html');
  const row = history.locator('tr[data-snapshot]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-upload', 'pending');
  await expect(history.getByTestId('queued')).toHaveText('1 waiting to upload');
  await history.getByTestId('upload-now').click();
  await expect(history.getByTestId('history-message')).toContainText(
    '0 uploaded; 1 still waiting: cannot reach',
  );

  const server = await startServer(nodeServer, { port });
  try {
    await history.getByTestId('upload-now').click();
    await expect(row).toHaveAttribute('data-upload', 'uploaded');
    const code = (await row.getByTestId('row-code').textContent())!;
    expect(code).toMatch(/^SL-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    const stored = async () =>
      (
        (await (
          await fetch(`${server.baseURL}/v1/snapshots`, {
            headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
          })
        ).json()) as { snapshots: { code: string; url: string }[] }
      ).snapshots;
    expect(await stored()).toEqual([
      expect.objectContaining({ code, url: `${sightline.baseURL}/demo/canvas?course=…` }),
    ]);

    // Further flushes (the minute alarm's, a second click) send nothing again.
    await history.reload();
    await expect(history.locator('tr[data-snapshot]')).toHaveAttribute('data-upload', 'uploaded');
    await expect(history.getByTestId('upload-now')).toHaveCount(0);
    const flushed = await history.evaluate(() =>
      (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ type: 'flush-uploads' }),
    );
    expect(flushed).toEqual({ uploaded: 0, pending: 0, error: null });
    expect((await stored()).map((s) => s.code)).toEqual([code]);
  } finally {
    await server.stop();
  }
});

test('the history lists, re-opens offline, compares, copies for a ticket and deletes', async ({
  page,
  context,
  background,
  sightline,
  openExtensionPage,
}) => {
  await configureServer(background, sightline.baseURL, ADMIN_TOKEN);
  // Before: a load without errors. After: the same page with a JS error.
  await page.goto('/demo/canvas?course=8');
  await interact(page);
  const first = await capture(openExtensionPage, sightline.baseURL);
  const before = (await first.getByTestId('support-code').textContent())!;
  await page.goto('/demo/canvas?course=8&again=1');
  await interact(page);
  await page.locator('#throw-error').click();
  const second = await capture(openExtensionPage, sightline.baseURL);
  const after = (await second.getByTestId('support-code').textContent())!;

  const history = await openExtensionPage('history.html');
  const rows = history.locator('tr[data-snapshot]');
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId('row-code')).toHaveText([after, before]); // newest first
  await expect(rows.first()).toContainText('/demo/canvas?');
  await expect(rows.first().locator('td.good, td.needs-improvement, td.poor').first()).toBeVisible();

  // Compare: ticked in any order, the older is "before".
  await rows.nth(0).getByLabel('Compare').check();
  await rows.nth(1).getByLabel('Compare').check();
  const comparison = history.getByTestId('comparison');
  await expect(comparison.locator('h2')).toContainText(`Before ${before} → after ${after}`);
  await expect(comparison.locator('[data-compare="LCP"]').first()).toHaveAttribute(
    'data-change',
    /^(better|worse|same)$/,
  );
  // The 150 ms click handler is a long task in both; the server keeps them too.
  await expect(comparison.locator('[data-compare="longest"]')).toContainText(/\d+ ms/);
  const stored = await sightline.query<{ longTasks?: { count: number; longestMs: number } }>(
    `/v1/snapshots/${after}`,
  );
  expect(stored.longTasks?.count).toBeGreaterThanOrEqual(1);
  expect(stored.longTasks?.longestMs).toBeGreaterThanOrEqual(150);
  const newError = comparison.locator('[data-compare*="Demo: broken link report failed"]');
  await expect(newError).toHaveAttribute('data-change', 'added');
  await expect(newError).toContainText('new');
  await expect(comparison.getByTestId('compare-summary')).toContainText(/\d+ better, [1-9]\d* worse/);

  // Copy for a ticket: the clipboard holds the summary with the code and its link.
  await rows.nth(1).getByRole('button', { name: 'Copy for a ticket' }).click();
  await expect(history.getByTestId('history-message')).toHaveText('Copied for a ticket.');
  // Pasted where a ticket would be written: the browser's own clipboard, no stand-in.
  await history.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<textarea id="ticket"></textarea>'),
  );
  await history.locator('#ticket').focus();
  await history.keyboard.press('ControlOrMeta+V');
  const text = await history.locator('#ticket').inputValue();
  expect(text).toContain(`Sightline snapshot **${before}**: ${sightline.baseURL}/v1/snapshots/${before}`);
  expect(text).toMatch(/\n- Page vitals: LCP \d[^\n]*INP \d/);

  // Offline: the report still opens, from this browser's copy.
  await context.setOffline(true);
  const report = await openExtensionPage(`report.html?id=${await rows.nth(1).getAttribute('data-snapshot')}`);
  await expect(report.locator('#code')).toHaveText(`Support code ${before}`);
  await expect(report.frameLocator('#report').locator('[data-code]')).toHaveText(before);
  await context.setOffline(false);

  // Delete: gone from the list, and after a reload.
  await rows.nth(0).getByRole('button', { name: 'Delete' }).click();
  await expect(rows.getByTestId('row-code')).toHaveText([before]);
  await history.reload();
  await expect(history.locator('tr[data-snapshot]').getByTestId('row-code')).toHaveText([before]);
});
