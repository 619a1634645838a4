// Dashboard scenarios: one real Node server per worker over a database filled by
// `npm run seed-demo` (a month of history, four sites, incidents and alerts), and
// helpers to sign in and to read what the page shows.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADMIN_TOKEN,
  SITE_KEY,
  connectSightline,
  freePort,
  nodeServer,
  ROOT,
  startServer,
  type RunningServer,
  type Sightline,
} from './fixtures';

export { expect };
export const READ_TOKEN = 'sl_read_e2e_dashboard';
export const DEMO_SITE = 'site_demo';

/** Runs scripts/seed-demo.ts into `dataDir` (small: 150,000 events), for a server on `port`. */
export async function seedDemo(dataDir: string, port: number): Promise<string> {
  const child = spawn(`${ROOT}node_modules/.bin/tsx`, ['scripts/seed-demo.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      SEED_EVENTS: '150000',
      SIGHTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      SEED_READ_TOKEN: READ_TOKEN,
      SIGHTLINE_SITE_KEY: SITE_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seed-demo exited with ${code}:\n${output}`);
  return output;
}

export interface Seeded extends Sightline {
  server: RunningServer;
}

export const test = base.extend<{}, { seeded: Seeded }>({
  seeded: [
    async ({}, use) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'sightline-dash-'));
      const port = await freePort();
      try {
        await seedDemo(dataDir, port);
        const server = await startServer(nodeServer, { port, dataDir });
        try {
          await use({ ...connectSightline(server.baseURL), server });
        } finally {
          await server.stop();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  baseURL: async ({ seeded }, use) => use(seeded.baseURL),
});

/** Signs in on /dashboard (or `path`) with a token and waits for the view to render. */
export async function signIn(page: Page, token = ADMIN_TOKEN, path = '/dashboard'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('main[data-view]')).toBeVisible();
}

/** The [from, to] the page's queries used (main[data-from], main[data-to]). */
export async function pageWindow(page: Page): Promise<{ from: number; to: number; site: string }> {
  const main = page.locator('main[data-view]');
  return {
    from: Number(await main.getAttribute('data-from')),
    to: Number(await main.getAttribute('data-to')),
    site: (await main.getAttribute('data-site'))!,
  };
}

/** The query string for the same site and window as the page. */
export async function sameWindow(page: Page): Promise<string> {
  const w = await pageWindow(page);
  return `site=${w.site}&from=${w.from}&to=${w.to}`;
}

/** A tile's raw value (data-value), or null. */
export async function tileValue(page: Page, id: string): Promise<number | null> {
  const v = await page.getByTestId(`tile-${id}`).locator('.tile-value').getAttribute('data-value');
  return v === '' || v === null ? null : Number(v);
}

/** Asserts the page does not scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    window.innerWidth,
  ]);
  expect(scroll, `${label}: page ${scroll}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}

/** Sends `n` server requests (as the SDK would) to site_demo; resolves to the answer's status. */
export async function sendServerRequests(baseURL: string, n: number): Promise<number> {
  const now = Date.now();
  const events = Array.from({ length: n }, (_, i) => ({
    kind: 'request',
    id: `live-${randomUUID()}`,
    t: now - i * 1000,
    method: 'GET',
    route: '/api/v1/live/:id',
    status: 200,
    duration: 80 + i,
  }));
  const res = await fetch(`${baseURL}/v1/ingest/server?site=site_demo`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ sentAt: now, service: 'e2e', events }),
  });
  return res.status;
}
