// Settings scenarios: a fresh Node server per worker that may reach 127.0.0.1 (the
// local pages and receivers these tests serve), signing in and opening Settings,
// and small HTTP listeners on 127.0.0.1 that record what reaches them.
import { test as base, expect, type Page } from '@playwright/test';
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, connectSightline, nodeServer, startServer, type Sightline } from './fixtures';

export { expect };

export const test = base.extend<{}, { sightline: Sightline }>({
  sightline: [
    async ({}, use) => {
      const server = await startServer((ctx) => {
        const spec = nodeServer(ctx);
        return { ...spec, env: { ...spec.env, SIGHTLINE_ALLOW_PRIVATE_TARGETS: 'true' } };
      });
      try {
        await use(connectSightline(server.baseURL));
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  baseURL: async ({ sightline }, use) => use(sightline.baseURL),
});

/** Signs in with `token` and waits for the dashboard to render a view. */
export async function signIn(page: Page, token = ADMIN_TOKEN, path = '/dashboard'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('main[data-view]')).toBeVisible();
}

/** Goes to Settings through the nav, as a user would. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.locator('main[data-view="settings"]')).toBeVisible();
}

export interface Listener {
  url: string;
  origin: string;
  received: { method: string; path: string; headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** An HTTP listener on 127.0.0.1 recording every request; `answer` writes the reply. */
export async function listen(answer: RequestListener = (_req, res) => res.end('ok')): Promise<Listener> {
  const received: Listener['received'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    received,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
