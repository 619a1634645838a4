// The Firefox build in Firefox: Debian's firefox-esr loads .output/firefox-mv2 as a
// temporary add-on (puppeteer-core over WebDriver BiDi; Playwright's Firefox is its own
// patched build and cannot load add-ons), and the overlay shows the demo Canvas page's
// vitals there as it does in Chromium.
//
// No prompt can be answered headless here either: the loaded copy's manifest grants the
// demo host (MV2: in `permissions`). A test cannot open an extension page by URL over
// BiDi, so the copy also lists options.html as web-accessible and the demo page navigates
// to it; there the test saves the sites the way the options page does.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEFAULT_SETTINGS } from '../extension/lib/types';
import { expect, ROOT, test } from './fixtures';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const BUILD = join(ROOT, '.output/firefox-mv2');
const ADDON_ID = 'sightline@sightline.dev';
/** The add-on's moz-extension:// host, pinned by a pref (Firefox picks a random one otherwise). */
const ADDON_UUID = '5a1e1a2e-0000-4000-8000-00000000f1fe';

function firefoxBuild(): string {
  if (!existsSync(join(BUILD, 'manifest.json'))) {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/wxt'), ['build', '-b', 'firefox'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('wxt build -b firefox failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'sightline-firefox-'));
  cpSync(BUILD, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.permissions = [...manifest.permissions, 'http://127.0.0.1/*'];
  manifest.web_accessible_resources = [...(manifest.web_accessible_resources ?? []), 'options.html'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/**
 * Asks `check` of the page until it answers something truthy. From Node, one evaluate at
 * a time: a navigation in between (to the options page) only costs one try.
 */
async function waitIn<T>(page: Page, check: () => T, timeout = 20_000): Promise<T> {
  const until = Date.now() + timeout;
  let last: unknown = null;
  while (Date.now() < until) {
    try {
      const answer = await page.evaluate(check);
      if (answer) return answer as T;
      last = answer;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited ${timeout} ms in ${page.url()}; last answer: ${String(last)}`);
}

test.describe('Firefox ESR', () => {
  test.skip(!existsSync(FIREFOX), `no Firefox at ${FIREFOX} (apt-get install firefox-esr)`);

  let browser: Browser;
  let dir: string;
  test.beforeAll(async () => {
    dir = firefoxBuild();
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      defaultViewport: { width: 1280, height: 800 },
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      },
    });
    expect(await browser.installExtension(dir)).toBe(ADDON_ID);
  });
  test.afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the overlay shows the demo Canvas page’s vitals in Firefox', async ({ sightline }) => {
    test.setTimeout(120_000);
    const setup = await browser.newPage();
    await setup.goto(`${sightline.baseURL}/demo/moodle`);
    // To the options page; puppeteer's page then evaluates there (its URL lags behind).
    await setup.evaluate((url) => void (location.href = url), `moz-extension://${ADDON_UUID}/options.html`);
    await waitIn(setup, () => document.title === 'Sightline options');
    const registered = await setup.evaluate(
      async (settings) => {
        const ext = (globalThis as unknown as { browser: any }).browser;
        await ext.storage.local.set({ settings });
        // The background registers the content script for the chosen, granted site.
        for (let i = 0; i < 100; i++) {
          const scripts = await ext.scripting.getRegisteredContentScripts();
          const matches = scripts.flatMap((s: { matches?: string[] }) => s.matches ?? []);
          if (matches.length) return matches;
          await new Promise((r) => setTimeout(r, 100));
        }
        return [];
      },
      { ...DEFAULT_SETTINGS, sitePatterns: ['127.0.0.1'] },
    );
    expect(registered).toEqual(['http://127.0.0.1/*']);

    const page = await browser.newPage();
    await page.goto(`${sightline.baseURL}/demo/canvas`);
    const header = await waitIn(
      page,
      () =>
        document.querySelector('sightline-overlay')?.shadowRoot?.querySelector('thead th[data-frame="0"]')
          ?.textContent ?? '',
    );
    expect(header).toBe('Canvas page');

    // The overlay starts clear of the page's buttons: a real click on "Load more items"
    // (150 ms busy handler) makes INP; "Report a broken link" throws an error.
    await page.locator('#load-more').click();
    await page.locator('#throw-error').click();
    const readings = await waitIn(
      page,
      () => {
        const read = (name: string) => {
          const el = document
            .querySelector('sightline-overlay')
            ?.shadowRoot?.querySelector(`td[data-frame="0"] [data-vital="${name}"]`);
          const value = el?.querySelector('.value')?.textContent ?? '–';
          return value === '–' ? null : { value, rating: el?.querySelector('.rating')?.textContent ?? '' };
        };
        const all = Object.fromEntries(['LCP', 'FCP', 'TTFB', 'INP'].map((n) => [n, read(n)]));
        return Object.values(all).every(Boolean) ? all : null;
      },
      30_000,
    );
    for (const [name, r] of Object.entries(readings!)) {
      expect(r!.rating, name).toMatch(/^(good|needs improvement|poor)$/);
    }
    expect(parseInt(readings!.INP!.value, 10)).toBeGreaterThanOrEqual(150);
    const errors = await waitIn(
      page,
      () =>
        document
          .querySelector('sightline-overlay')
          ?.shadowRoot?.querySelector('td[data-frame="0"][data-errors]')
          ?.getAttribute('data-errors') === '1',
    );
    expect(errors).toBe(true);
  });
});
