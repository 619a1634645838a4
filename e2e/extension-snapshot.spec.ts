// QA captures a snapshot in one click: an HTML report (and its JSON) is saved, and
// the server stores it under a support code that can be quoted in a ticket.
import { readFileSync } from 'node:fs';
import { ADMIN_TOKEN } from './fixtures';
import {
  configureServer,
  DEMO_HOST,
  expect,
  interact,
  overlay,
  tabIdOf,
  test,
  waitFor,
} from './extension-fixtures';
import type { Chrome } from './extension-fixtures';

// captureVisibleTab needs activeTab or `<all_urls>` (neither the page's host nor `http://*/*`
// with `https://*/*` will do). activeTab comes from a real toolbar click or shortcut, which a
// popup page opened directly never had: `<all_urls>` stands in for it here.
test.use({ grantedHosts: ['<all_urls>'] });

test('a snapshot produces the HTML report and a server record with a support code', async ({
  page,
  background,
  sightline,
  openExtensionPage,
}) => {
  await configureServer(background, sightline.baseURL, ADMIN_TOKEN);
  await page.goto('/demo/canvas?course=101&id_token=secret-launch-token');
  await interact(page);
  await page.locator('#throw-error').click();

  const options = await openExtensionPage('options.html');
  const tabId = await tabIdOf(options, `${sightline.baseURL}/demo/canvas*`);
  const popup = await openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.getByTestId('capture').click();
  const code = (await popup.getByTestId('support-code').textContent({ timeout: 20_000 }))!;
  expect(code).toMatch(/^SL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/);
  await expect(popup.getByTestId('capture-result')).toContainText(
    /Saved sightline-snapshot-.*\.html and .*\.json/,
  );

  // The server record.
  const stored = await sightline.query<Record<string, any>>(`/v1/snapshots/${code}`);
  expect(stored.url).toBe(`${sightline.baseURL}/demo/canvas?course=…`); // scrubbed: values hidden, id_token gone
  expect(stored.lms).toEqual({ platform: 'canvas', toolFrame: false });
  expect(stored.frames[0].vitals.map((v: { name: string }) => v.name).sort()).toEqual([
    'CLS',
    'FCP',
    'INP',
    'LCP',
    'TTFB',
  ]);
  expect(stored.frames[0].vitals.find((v: { name: string }) => v.name === 'INP').target).toContain(
    'load-more',
  );
  expect(stored.errors[0]).toMatchObject({
    message: expect.stringContaining('Demo: broken link report failed'),
    stack: expect.stringContaining('canvas'),
  });
  expect(stored.navigation.ttfb).toBeGreaterThanOrEqual(0);
  expect(stored.resources.length).toBeGreaterThan(0);
  expect(stored.device.viewport).toEqual({ width: 1280, height: 800 });
  // The visible tab, as a JPEG (size limits, and the snapshot without one: extension/lib/report-html.test.ts).
  expect(stored.screenshot).toMatch(/^data:image\/jpeg;base64,[A-Za-z0-9+/=]{1000,}$/);
  const list = await sightline.query<{ snapshots: { code: string }[] }>('/v1/snapshots');
  expect(list.snapshots.map((s) => s.code)).toContain(code);

  // The downloads: the HTML report and the JSON (Playwright stores them under generated names).
  const files = await waitFor(async () => {
    const items = await popup.evaluate(() =>
      (globalThis as unknown as { chrome: Chrome }).chrome.downloads.search({ state: 'complete' }),
    );
    return items.length === 2 ? items : null;
  });
  const html = readFileSync(
    files.find((f) => f.mime === 'text/html' || f.url.startsWith('data:text/html'))!.filename,
    'utf8',
  );
  expect(html).toContain('Sightline performance snapshot');
  expect(html).toContain(code);
  expect(html).not.toMatch(/<script/i);
  const json = JSON.parse(
    readFileSync(files.find((f) => f.url.startsWith('data:application/json'))!.filename, 'utf8'),
  );
  expect(json).toMatchObject({ code, url: stored.url, lms: { platform: 'canvas' } });

  // The report page: the same HTML, self-contained, with the code.
  const report = await openExtensionPage('report.html');
  const frame = report.frameLocator('#report');
  await expect(frame.locator('[data-code]')).toHaveText(code);
  await expect(frame.locator('h2', { hasText: 'JavaScript errors' })).toBeVisible();
  await expect(frame.locator('body')).toContainText('Demo: broken link report failed');
  await expect(frame.getByAltText('The visible tab when the snapshot was taken')).toBeVisible();
  await expect(frame.locator('body')).not.toContainText('secret-launch-token');
});

test.describe('with access to the demo host only (no activeTab, no <all_urls>)', () => {
  test.use({ grantedHosts: [DEMO_HOST] });

  test('a snapshot without a screenshot says so, and how to get one', async ({
    page,
    background,
    sightline,
    openExtensionPage,
  }) => {
    await configureServer(background, sightline.baseURL, ADMIN_TOKEN);
    await page.goto('/demo/canvas');
    await overlay(page).waitFor();
    const options = await openExtensionPage('options.html');
    const popup = await openExtensionPage(
      `popup.html?tab=${await tabIdOf(options, `${sightline.baseURL}/demo/canvas*`)}`,
    );
    await popup.getByTestId('capture').click();
    const code = (await popup.getByTestId('support-code').textContent({ timeout: 20_000 }))!;
    await expect(popup.getByTestId('no-screenshot')).toContainText(
      'No screenshot: the browser lets Sightline capture the tab only right after a click on its toolbar icon or Alt+Shift+S',
    );
    const stored = await sightline.query<{ screenshot?: string }>(`/v1/snapshots/${code}`);
    expect(stored.screenshot ?? null).toBeNull();
    const history = await openExtensionPage('history.html');
    await expect(history.locator('tr[data-snapshot]')).toContainText('no screenshot');
    const report = await openExtensionPage('report.html');
    await expect(report.frameLocator('#report').locator('[data-no-screenshot]')).toContainText(
      'open the popup from the toolbar icon',
    );
  });
});
