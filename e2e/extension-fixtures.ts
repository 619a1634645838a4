// Playwright fixtures for the browser extension: Chromium with the built extension
// (.output/chrome-mv3) loaded, its id, a Sightline server, and helpers to configure
// the extension the way the options page would.
//
// Headless Chromium cannot click a permission prompt, so each test loads a copy of the
// build whose manifest grants what a user would have granted at run time (`grantedHosts`),
// and starts with the sites chosen in the options (`chosenSites`) registered.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { Browser } from '@wxt-dev/browser';
import { hostOrigins } from '../extension/lib/overlay-matches';
import { DEFAULT_SETTINGS, type Settings } from '../extension/lib/types';
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

/** The demo pages' host (every port), as a user who granted it would have it. */
export const DEMO_HOST = 'http://127.0.0.1/*';

export interface ExtensionOptions {
  /** Host permissions written into the loaded copy's manifest; [] loads the build as shipped. */
  grantedHosts: string[];
  /** The options' host patterns when the test starts. */
  chosenSites: string[];
}

export interface ExtensionFixtures {
  extensionDir: string;
  context: BrowserContext;
  extensionId: string;
  /** The background service worker, once the chosen sites' content script is registered. */
  background: Worker;
  /** Opens an extension page (`popup.html?tab=…`, `options.html`) in a new tab. */
  openExtensionPage: (path: string) => Promise<Page>;
}

/** The match patterns the background should register for the `chosen` sites: those Chrome says are granted. */
async function grantedMatches(background: Worker, chosen: string[]): Promise<string[]> {
  const origins = chosen.flatMap((site) => hostOrigins(site) ?? []);
  return background.evaluate(async (origins) => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    const granted = await Promise.all(origins.map((o) => c.permissions.contains({ origins: [o] })));
    return origins.filter((_, i) => granted[i]);
  }, origins);
}

export const test = base.extend<ExtensionOptions & ExtensionFixtures>({
  grantedHosts: [[DEMO_HOST], { option: true }],
  chosenSites: [['127.0.0.1'], { option: true }],
  extensionDir: async ({ grantedHosts }, use) => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'sightline-build-'));
    cpSync(EXTENSION_DIR, dir, { recursive: true });
    if (grantedHosts.length) {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      writeFileSync(
        join(dir, 'manifest.json'),
        JSON.stringify({ ...manifest, host_permissions: grantedHosts }),
      );
    }
    try {
      await use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  context: async ({ extensionDir }, use) => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'sightline-ext-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  },
  background: async ({ context, chosenSites }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await updateSettings(worker, { sitePatterns: chosenSites });
    await waitForRegistration(worker, await grantedMatches(worker, chosenSites));
    await use(worker);
  },
  extensionId: async ({ background }, use) => use(new URL(background.url()).host),
  // After `background`: the content script is registered before the first navigation.
  page: async ({ context, background: _ }, use) => use(context.pages()[0] ?? (await context.newPage())),
  openExtensionPage: async ({ context, extensionId }, use) =>
    use(async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    }),
});

/** Changes the stored settings, as saving the options does (the permissions come from `grantedHosts`). */
export async function updateSettings(background: Worker, patch: Partial<Settings>): Promise<void> {
  await background.evaluate(
    async ({ patch, defaults }) => {
      const c = (globalThis as unknown as { chrome: Chrome }).chrome;
      const { settings } = await c.storage.local.get('settings');
      await c.storage.local.set({ settings: { ...(settings ?? defaults), ...patch } });
    },
    { patch, defaults: DEFAULT_SETTINGS },
  );
}

/** Points the extension at a server, as saving the options does. */
export async function configureServer(background: Worker, serverUrl: string, token: string): Promise<void> {
  await updateSettings(background, { serverUrl, token });
}

/** The content script's registered match patterns, sorted; [] when it is not registered. */
export async function registeredMatches(background: Worker): Promise<string[]> {
  return background.evaluate(async () => {
    const scripts = await (
      globalThis as unknown as { chrome: Chrome }
    ).chrome.scripting.getRegisteredContentScripts();
    return scripts.flatMap((s) => s.matches ?? []).sort();
  });
}

/** Waits until the background has registered the content script for exactly `matches`. */
export async function waitForRegistration(background: Worker, matches: string[]): Promise<void> {
  const want = JSON.stringify([...matches].sort());
  await waitFor(async () => JSON.stringify(await registeredMatches(background)) === want);
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
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        setTimeout(resolve, 5_000);
        new PerformanceObserver((list) => list.getEntries().length && resolve()).observe({
          type: 'largest-contentful-paint',
          buffered: true,
        });
      }),
  );
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
