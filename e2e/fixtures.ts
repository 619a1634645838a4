// Playwright fixtures: a real Sightline server per worker, and helpers for what a
// visitor does to a page (load, use, leave) and for reading back what the server stored.
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { VitalsResponse } from '../shared/query';
import { startServer, ROOT } from './server-process';
import type { ServerContext, ServerSpec } from './server-process';

export { expect };
export { startServer, freePort, ROOT } from './server-process';
export type { RunningServer, ServerContext, ServerSpec } from './server-process';

// Fixed so a failing run can be reproduced by hand against the same data directory layout.
export const SITE_KEY = 'sk_e2e_demo_site';
export const ADMIN_TOKEN = 'sl_admin_e2e_token';

/** A running Sightline server as tests see it. */
export interface Sightline {
  baseURL: string;
  siteKey: string;
  adminToken: string;
  /** GET `path` with the admin bearer token; the parsed JSON, or an error on non-2xx. */
  query<T = unknown>(path: string): Promise<T>;
}

/** The Node runtime: `tsx server/src/runtime/node.ts` with an SQLite file in the temp dir. */
export function nodeServer({ host, port, dataDir }: ServerContext): ServerSpec {
  return {
    name: 'node server',
    command: `${ROOT}node_modules/.bin/tsx`,
    args: ['server/src/runtime/node.ts'],
    env: {
      HOST: host,
      PORT: String(port),
      DATA_DIR: dataDir,
      SIGHTLINE_SITE_KEY: SITE_KEY,
      SIGHTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    },
  };
}

/** Wraps any server that speaks Sightline's HTTP API (Node or Worker) in the Sightline shape. */
export function connectSightline(baseURL: string, siteKey = SITE_KEY, adminToken = ADMIN_TOKEN): Sightline {
  return {
    baseURL,
    siteKey,
    adminToken,
    async query<T>(path: string): Promise<T> {
      const res = await fetch(new URL(path, baseURL), { headers: { Authorization: `Bearer ${adminToken}` } });
      const body = await res.text();
      if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${body.slice(0, 500)}`);
      return JSON.parse(body) as T;
    },
  };
}

export const test = base.extend<{}, { sightline: Sightline }>({
  sightline: [
    async ({}, use) => {
      const server = await startServer(nodeServer);
      try {
        await use(connectSightline(server.baseURL));
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  // page.goto('/demo/canvas') goes to this worker's server.
  baseURL: async ({ sightline }, use) => use(sightline.baseURL),
});

/**
 * Makes the page look hidden, as switching tabs would; the widget flushes then.
 * Headless Chromium never hides a page by itself.
 */
export async function hidePage(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
}

/**
 * Calls `fn` until it returns a truthy value, and returns that. A throw counts as "not yet";
 * on timeout the last error (or falsy value) is in the message.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 250,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`waitFor: still not done after ${timeoutMs} ms; last: ${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// ---- The field-vitals scenario, shared by canvas-vitals and moodle-vitals ----

/**
 * A visitor loads `path`, uses it (a slow click that shifts the layout, so INP and CLS
 * occur), then leaves the tab. Returns the uncaught errors the page saw meanwhile.
 */
export async function visitAndLeave(page: Page, path: string): Promise<{ pageErrors: string[] }> {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(path, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  // LCP is only reported if a candidate was painted before the first input.
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
  // The handler is slow and the shift follows it: give the observers a moment to see both.
  await page.waitForTimeout(1_000);
  await hidePage(page);
  return { pageErrors };
}

/** Polls the query API until LCP, FCP and TTFB for `route` each have at least one sample. */
export async function waitForFieldVitals(
  sightline: Sightline,
  route: string,
  timeoutMs = 20_000,
): Promise<VitalsResponse> {
  const path = `/v1/vitals?${new URLSearchParams({ route })}`;
  return waitFor(async () => {
    const summary = await sightline.query<VitalsResponse>(path);
    const missing = (['LCP', 'FCP', 'TTFB'] as const).filter(
      (name) => (summary.metrics?.[name]?.count ?? 0) < 1,
    );
    if (missing.length)
      throw new Error(`no ${missing.join(', ')} yet for ${route}: ${JSON.stringify(summary)}`);
    return summary;
  }, timeoutMs);
}

/** Values a real page load can produce; CLS and INP are checked only when present. */
export function expectSaneVitals(summary: VitalsResponse, route: string): void {
  expect(summary.route).toBe(route);
  const { LCP, FCP, TTFB } = summary.metrics;
  expect(LCP?.p75, 'LCP p75').toBeGreaterThan(0);
  expect(LCP?.p75, 'LCP p75').toBeLessThan(60_000);
  expect(FCP?.p75, 'FCP p75').toBeGreaterThan(0);
  expect(FCP?.p75, 'FCP p75').toBeLessThan(60_000);
  expect(TTFB?.p75, 'TTFB p75').toBeGreaterThanOrEqual(0);
  for (const name of ['LCP', 'FCP', 'TTFB', 'CLS', 'INP'] as const) {
    const metric = summary.metrics[name];
    if (!metric || metric.count < 1) continue;
    const label = `${name} ${JSON.stringify(metric)}`;
    expect(metric.p75, label).toBeGreaterThanOrEqual(0);
    const [p50, p75, p95, p99] = [metric.p50, metric.p75, metric.p95, metric.p99] as number[];
    expect(p50 <= p75 && p75 <= p95 && p95 <= p99, `${label}: percentiles in order`).toBe(true);
    for (const share of [metric.good, metric.needsImprovement, metric.poor]) {
      expect(share, label).toBeGreaterThanOrEqual(0);
      expect(share, label).toBeLessThanOrEqual(1);
    }
    expect(metric.good + metric.needsImprovement + metric.poor, label).toBeCloseTo(1, 2);
  }
}
