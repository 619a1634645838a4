// Helpers for the widget's e2e scenarios: the same real server as fixtures.ts,
// with its data directory known, so tests can read every stored event kind
// (the query API only summarises vitals). SQLite is opened read-only.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page, Request } from '@playwright/test';
import type { Event } from '../shared/protocol';
import { connectSightline, nodeServer, startServer, test as base, waitFor, type Sightline } from './fixtures';

export { expect, hidePage, waitFor } from './fixtures';

export interface WidgetSightline extends Sightline {
  /** The server's data directory; its events are in `sightline.db`. */
  dataDir: string;
}

export interface StoredEvent {
  kind: Event['kind'];
  route: string;
  session: string;
  event: Event;
}

/** fixtures.ts's test, with the server's data directory exposed. */
export const test = base.extend<{}, { sightline: WidgetSightline }>({
  sightline: [
    async ({}, use) => {
      const server = await startServer(nodeServer);
      try {
        const sightline: WidgetSightline = { ...connectSightline(server.baseURL), dataDir: server.dataDir };
        await use(sightline);
      } finally {
        await server.stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Every event the server stored for `session`, oldest first. */
export function storedEvents(sightline: WidgetSightline, session: string): StoredEvent[] {
  const db = new Database(join(sightline.dataDir, 'sightline.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT e.value ->> 'kind' AS kind, b.route, b.session, e.value AS body FROM batches AS b, json_each(b.events) AS e
      WHERE b.session = ? ORDER BY e.value ->> 't', b.received_at`,
      )
      .all(session) as {
      kind: Event['kind'];
      route: string;
      session: string;
      body: string;
    }[];
    return rows.map(({ body, ...row }) => ({ ...row, event: JSON.parse(body) as Event }));
  } finally {
    db.close();
  }
}

/** Polls until the stored events of `session` include every kind in `kinds`. */
export function waitForKinds(
  sightline: WidgetSightline,
  session: string,
  kinds: Event['kind'][],
  timeoutMs = 15_000,
): Promise<StoredEvent[]> {
  return waitFor(() => {
    const events = storedEvents(sightline, session);
    const missing = kinds.filter((kind) => !events.some((e) => e.kind === kind));
    if (missing.length)
      throw new Error(
        `no ${missing.join(', ')} yet; stored: ${events.map((e) => e.kind).join(', ') || 'nothing'}`,
      );
    return events;
  }, timeoutMs);
}

/**
 * The widget's session id in this page (sessionStorage `sightline.session`). With every
 * session sampled in it is written at the first flush (a page hide, a route change or the
 * 10 s timer), with a sample rate below 1 at once.
 */
export async function sessionOf(page: Page): Promise<string> {
  return waitFor(() =>
    page.evaluate(
      () => JSON.parse(sessionStorage.getItem('sightline.session') ?? 'null')?.id as string | undefined,
    ),
  );
}

/**
 * Records every ingest request the page makes. Request events give the count;
 * the bodies are read inside the page (Playwright does not show sendBeacon's Blob
 * bodies), by wrapping sendBeacon and fetch before any page script runs.
 */
export async function recordIngest(
  page: Page,
): Promise<{ requests: string[]; bodies: () => Promise<Record<string, unknown>[]> }> {
  const requests: string[] = [];
  page.on('request', (request: Request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/ingest')) requests.push(request.url());
  });
  await page.addInitScript(() => {
    const sent: Promise<string>[] = [];
    (window as Window & { __ingestBodies?: Promise<string>[] }).__ingestBodies = sent;
    const isIngest = (url: unknown) => String(url).includes('/v1/ingest');
    // Bodies as the server reads them: inflated when the URL names an encoding.
    const text = (url: unknown, data: unknown) => {
      const enc = new URL(String(url), location.href).searchParams.get('enc') as CompressionFormat | null;
      if (!(data instanceof Blob)) return Promise.resolve(String(data));
      return enc ? new Response(data.stream().pipeThrough(new DecompressionStream(enc))).text() : data.text();
    };
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      if (isIngest(url)) sent.push(text(url, data));
      return beacon(url, data);
    };
    const fetchOriginal = window.fetch;
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : input;
      if (isIngest(url)) sent.push(text(url, init?.body));
      return fetchOriginal(input, init);
    };
  });
  return {
    requests,
    bodies: async () => {
      const texts = await page.evaluate(() =>
        Promise.all((window as Window & { __ingestBodies?: Promise<string>[] }).__ingestBodies ?? []),
      );
      return texts.map((t) => JSON.parse(t) as Record<string, unknown>);
    },
  };
}

/**
 * Loads `path`, waits for the load to settle and a largest contentful paint (it is
 * only reported when painted before the first input), and for the widget's idle setup.
 */
export async function openDemo(page: Page, path: string): Promise<{ pageErrors: string[] }> {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(path, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
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
  // Past load + idle: the resource summary and navigation timing are recorded by now.
  await page.waitForTimeout(500);
  return { pageErrors };
}
