// Ops' alerts reach support staff: the badge counts the server's firing alerts in the
// colour of the worst, the popup lists them and acknowledges with an admin token, and
// when the server goes away the popup says so and keeps the last known state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, nodeServer, SITE_KEY, startServer } from './fixtures';
import { configureServer, expect, tabIdOf, test, waitFor } from './extension-fixtures';
import type { Chrome } from './extension-fixtures';

const rules = {
  defaults: false,
  rules: [
    {
      id: 'demo-lcp',
      name: 'Slow LCP on the demo course',
      condition: { type: 'vital', metric: 'LCP' },
      threshold: 1000,
      severity: 'critical',
      per: 'route',
      window: '10m',
    },
    {
      id: 'demo-ttfb',
      name: 'Slow server response',
      condition: { type: 'vital', metric: 'TTFB' },
      threshold: 100,
      severity: 'warning',
      window: '10m',
    },
  ],
};

test('alerts from a running server reach the badge and the popup', async ({
  context,
  background,
  openExtensionPage,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-rules-'));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify(rules));
  const server = await startServer((ctx) => {
    const spec = nodeServer(ctx);
    return {
      ...spec,
      env: { ...spec.env, SIGHTLINE_RULES_FILE: join(dir, 'rules.json'), SIGHTLINE_EVAL_INTERVAL_MS: '1000' },
    };
  });
  let stopped = false;
  try {
    const now = Date.now();
    const events = Array.from({ length: 5 }, (_, i) => [
      { kind: 'vital', id: `alert-lcp-${i}-${now}`, t: now, name: 'LCP', value: 5000 },
      { kind: 'vital', id: `alert-ttfb-${i}-${now}`, t: now, name: 'TTFB', value: 900 },
    ]).flat();
    const res = await fetch(`${server.baseURL}/v1/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: server.baseURL },
      body: JSON.stringify({
        siteKey: SITE_KEY,
        sentAt: now,
        session: `s-${now}`,
        page: { url: `${server.baseURL}/demo/canvas`, route: '/demo/canvas' },
        events,
      }),
    });
    expect(res.status).toBe(202);
    await waitFor(async () => {
      const r = await fetch(`${server.baseURL}/v1/alerts?state=firing`, {
        headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return ((await r.json()) as { alerts: unknown[] }).alerts.length === 2;
    }, 20_000);

    await configureServer(background, server.baseURL, ADMIN_TOKEN);
    // The badge: 2 firing, red for the critical one.
    const badge = await waitFor(async () => {
      const b = await background.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: Chrome }).chrome;
        return { text: await c.action.getBadgeText({}), colour: await c.action.getBadgeBackgroundColor({}) };
      });
      return b.text === '2' ? b : null;
    });
    expect(badge.colour.slice(0, 3)).toEqual([0xc5, 0x22, 0x1f]);
    // A new critical alert raised one notification.
    const notifications = await background.evaluate(() =>
      (globalThis as unknown as { chrome: Chrome }).chrome.notifications.getAll(),
    );
    expect(Object.keys(notifications).filter((id) => id.startsWith('sightline-'))).toHaveLength(1);

    // The popup, opened directly, for the demo page's tab.
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/demo/canvas`);
    const probe = await openExtensionPage('options.html');
    const tabId = await tabIdOf(probe, `${server.baseURL}/demo/canvas`);
    const popup = await openExtensionPage(`popup.html?tab=${tabId}`);
    await expect(popup.getByTestId('alert-count')).toHaveText('2');
    const lcpAlert = popup.locator('li', { hasText: 'Slow LCP on the demo course' });
    await expect(lcpAlert).toContainText('critical');
    await expect(lcpAlert.locator('a')).toHaveAttribute(
      'href',
      new RegExp(`^${server.baseURL}/dashboard/alerts\\?.*rule=demo-lcp`),
    );
    await expect(popup.getByTestId('server-state')).toContainText('Connected');
    // This tab's summary and the overlay switch (on: the fixtures choose the demo host in the options).
    await expect(popup.getByTestId('overlay-toggle')).toBeChecked();
    await expect(popup.locator('section[aria-label="This tab"]')).toContainText(
      'this site matches a pattern in the options',
    );
    await expect(popup.locator('table.summary')).toContainText('TTFB');
    // The overlay's strip shows the alerts about this page's site.
    await expect(page.locator('sightline-overlay [data-testid="alert-strip"]')).toContainText(
      'Slow LCP on the demo course',
    );

    // Acknowledge (the token is admin).
    await lcpAlert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(lcpAlert).toContainText('acknowledged by');

    // The server goes away: the popup says so and keeps the last known alerts, with their age.
    await server.stop();
    stopped = true;
    await popup.getByRole('button', { name: 'Refresh' }).click();
    await expect(popup.getByTestId('server-state')).toContainText('Server unreachable');
    await expect(popup.getByTestId('server-state')).toContainText(/last known state, from \d+ s ago/);
    await expect(popup.getByTestId('alert-count')).toHaveText('2');
  } finally {
    if (!stopped) await server.stop();
  }
});
