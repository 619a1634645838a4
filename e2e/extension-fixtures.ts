// Playwright fixtures for the browser extension: Chromium with the built extension
// (.output/chrome-mv3) loaded, its id, a Sightline server, and helpers to configure
// the extension the way the options page would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { Browser } from '@wxt-dev/browser';
import { test as base, expect, ROOT, waitFor } from './fixtures';

/** The extension API, as `chrome` inside evaluate callbacks that run in the extension. */
export type Chrome = typeof Browser;

export { expect, waitFor };
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

/** Builds the extension once if `npm run build` has not (a developer running one spec). */
function ensureBuilt() {
  if (existsSync(join(EXTENSION_DIR, 'manifest.json'))) return;
  const r = spawnSync(join(ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('wxt build failed');
}

export interface ExtensionFixtures {
  context: BrowserContext;
  extensionId: string;
  background: Worker;
  /** Opens an extension page (`popup.html?tab=…`, `options.html`) in a new tab. */
  openExtensionPage: (path: string) => Promise<Page>;
}

export const test = base.extend<ExtensionFixtures>({
  context: async ({}, use) => {
    ensureBuilt();
    const userDataDir = mkdtempSync(join(tmpdir(), 'sightline-ext-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`,
      ],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  },
  background: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },
  extensionId: async ({ background }, use) => use(new URL(background.url()).host),
  page: async ({ context }, use) => use(context.pages()[0] ?? (await context.newPage())),
  openExtensionPage: async ({ context, extensionId }, use) =>
    use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    }),
});

/** Points the extension at a server, as saving the options does (the host permission is granted by the test). */
export async function configureServer(background: Worker, serverUrl: string, token: string): Promise<void> {
  await background.evaluate(async ({ serverUrl, token }) => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    await c.storage.local.set({ settings: { serverUrl, token, sitePatterns: [], detectLms: true } });
  }, { serverUrl, token });
}

/** The overlay's shadow root content, through Playwright's shadow-piercing locators. */
export const overlay = (page: Page) => page.locator('sightline-overlay .panel');

/** Drags the overlay by its header to the bottom left, off the demo page's buttons. */
export async function moveOverlayAway(page: Page): Promise<void> {
  const header = overlay(page).locator('header');
  const box = (await header.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(200, 700, { steps: 5 });
  await page.mouse.up();
}

/** A click that makes INP and (600 ms later) a layout shift on the demo pages; the overlay is moved out of the way first. */
export async function interact(page: Page): Promise<void> {
  await overlay(page).waitFor();
  await moveOverlayAway(page);
  await page.evaluate(() => new Promise<void>((resolve) => {
    setTimeout(resolve, 5_000);
    new PerformanceObserver((list) => list.getEntries().length && resolve()).observe({ type: 'largest-contentful-paint', buffered: true });
  }));
  await page.locator('#load-more').click();
  await page.waitForTimeout(1_000);
}

/** The tab id of a page, asked from an extension page. */
export async function tabIdOf(extensionPage: Page, urlPattern: string): Promise<number> {
  return extensionPage.evaluate(async (url) => {
    const [tab] = await (globalThis as unknown as { chrome: Chrome }).chrome.tabs.query({ url });
    return tab.id!;
  }, urlPattern);
}
