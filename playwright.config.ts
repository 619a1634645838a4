import { defineConfig } from '@playwright/test';
import type { ReporterDescription } from '@playwright/test';

// scripts/test.mjs sets E2E_JSON_REPORT to a path so it can sum both suites' results.
const jsonReport = process.env.E2E_JSON_REPORT;
const reporter: ReporterDescription[] = [['list']];
if (jsonReport) reporter.push(['json', { outputFile: jsonReport }]);

export default defineConfig({
  testDir: 'e2e',
  // Playwright empties its outputDir on start: keep it apart from test-results/*.json.
  outputDir: 'test-results/playwright',
  // One worker: a 2-core machine also runs the server under test and Chromium.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  reporter,
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--window-size=1280,900',
      ],
    },
  },
});
