// Helpers for the widget's delivery scenarios (offline, retry, tabs): a real Node
// server that can be stopped and started again on the same port with the same data,
// its request log (SIGHTLINE_LOG=requests), an LTI tool page on its own origin that
// keeps loading while Sightline is down, and what the browser sent and the server stored.
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { widgetBuilds } from '../scripts/build.mjs';
import { derivedSettled } from '../server/src/store/sqlite-group-commit';
import {
  connectSightline,
  nodeServer,
  SITE_KEY,
  startServer,
  type RunningServer,
  type Sightline,
} from './fixtures';

export { expect, freePort, hidePage, test, waitFor } from './fixtures';

/** One line of the server's request log: `ISO-time METHOD /path STATUS 1.2ms`. */
export interface LoggedRequest {
  /** Epoch ms when the answer was sent. */
  at: number;
  /** Epoch ms when the request arrived (`at` less its duration). */
  arrived: number;
  method: string;
  path: string;
  status: number;
}

export interface RestartableServer extends Sightline {
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Starts it again: same port, same data directory, same environment. */
  start(): Promise<void>;
  /** Every request logged by every run so far, in order. */
  requests(): LoggedRequest[];
  /** Stops it if running and removes its data directory. */
  close(): Promise<void>;
}

const LINE = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) ([A-Z]+) (\S+) (\d{3}) ([\d.]+)ms$/;

function parseRequestLog(output: string): LoggedRequest[] {
  return output.split('\n').flatMap((line) => {
    const m = LINE.exec(line.trim());
    if (!m) return [];
    const at = Date.parse(m[1]!);
    return [{ at, arrived: at - Number(m[5]), method: m[2]!, path: m[3]!, status: Number(m[4]) }];
  });
}

/** The Node server with `env` added (SIGHTLINE_LOG=requests always), started now. */
export async function restartableServer(env: Record<string, string> = {}): Promise<RestartableServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sightline-e2e-'));
  const describe = (ctx: Parameters<typeof nodeServer>[0]) => {
    const spec = nodeServer(ctx);
    return { ...spec, env: { ...spec.env, SIGHTLINE_LOG: 'requests', ...env } };
  };
  let running: RunningServer | undefined = await startServer(describe, { dataDir });
  const port = running.port;
  const earlier: string[] = [];
  const stop = async () => {
    if (!running) return;
    const server = running;
    running = undefined;
    earlier.push(server.output());
    await server.stop();
  };
  return {
    ...connectSightline(running.baseURL),
    port,
    dataDir,
    stop,
    async start() {
      if (!running) running = await startServer(describe, { port, dataDir });
    },
    requests: () => parseRequestLog([...earlier, running?.output() ?? ''].join('\n')),
    async close() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs to the ingest endpoint in the request log, from `since` (epoch ms) on. */
export function ingestPosts(server: RestartableServer, since = 0): LoggedRequest[] {
  return server
    .requests()
    .filter((r) => r.method === 'POST' && r.path === '/v1/ingest' && r.arrived >= since);
}

/** The widget as the script tag loads it, built in memory from the working tree. */
async function widgetScript(): Promise<string> {
  const result = await build({ ...widgetBuilds[0], write: false, logLevel: 'silent' });
  return result.outputFiles![0]!.text;
}

export interface Tool {
  /** e.g. `http://127.0.0.1:41234`; pages are `${origin}/course/<n>`. */
  origin: string;
  close(): Promise<void>;
}

/**
 * An LTI tool on its own origin and its own small HTTP server, so its pages load
 * while Sightline is down (the widget script too, as from a CDN). The origin must
 * be among the site's allowed origins: pass `origin` as SIGHTLINE_ORIGINS.
 * (A real server rather than Playwright routing: with routing on, Chromium may
 * lose the beacons of a page being unloaded.)
 */
export async function startTool(port: number, sightlineURL: () => string): Promise<Tool> {
  const script = await widgetScript();
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://tool');
    if (pathname === '/sightline.js')
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    if (!pathname.startsWith('/course/')) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Course ${pathname.slice(8)}</title><link rel="icon" href="data:,">
<script src="/sightline.js" data-site-key="${SITE_KEY}" data-endpoint="${sightlineURL()}/v1/ingest" async></script></head>
<body><h1>Week 3: cell biology</h1><p>Read the chapter, then take the quiz.</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until the widget in `page` has done its idle-time setup (page view recorded, buffer replay started). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: object) => void })
          .requestIdleCallback;
        const wait = () => setTimeout(resolve, 300);
        if (idle) idle(wait, { timeout: 3_000 });
        else setTimeout(resolve, 2_000);
      }),
  );
}

/** A custom event through the script tag's `window.sightline.track`. */
export async function track(
  page: Page,
  name: string,
  props: Record<string, string | number> = {},
): Promise<void> {
  await page.evaluate(
    ([n, p]) =>
      (window as Window & { sightline?: { track(n: string, p: object): void } }).sightline?.track(n, p),
    [name, props] as const,
  );
}

export interface SentRequest {
  /** Epoch ms when the page sent it. */
  at: number;
  via: 'fetch' | 'beacon';
  /** The page that sent it. */
  page: string;
  ids: string[];
  /** For a fetch that was answered: when, the status, and the Retry-After header. */
  answeredAt?: number;
  status?: number;
  retryAfter?: string | null;
}

const SENT_KEY = 'e2e.sent';

/**
 * Records every ingest request the tool's pages make (fetch and sendBeacon), with the
 * event ids in its body, in the tool origin's localStorage so it survives reloads.
 * (Playwright's own request events miss the beacons of a page being unloaded.)
 */
export async function recordSends(context: BrowserContext): Promise<void> {
  await context.addInitScript((key) => {
    // Bodies are read here as they leave: these scenarios send them as they are
    // (widget-compression.spec.ts covers the deflated ones).
    delete (window as { CompressionStream?: unknown }).CompressionStream;
    const read = () => JSON.parse(localStorage.getItem(key) ?? '[]') as Record<string, unknown>[];
    /** Appends a record; returns its index, or -1 when the request is not an ingest batch. */
    const log = (via: string, url: unknown, body: unknown): number => {
      try {
        if (!String(url).endsWith('/v1/ingest') || typeof body !== 'string') return -1;
        const ids = (JSON.parse(body) as { events: { id: string }[] }).events.map((e) => e.id);
        const sent = read();
        sent.push({ at: Date.now(), via, page: location.pathname, ids });
        localStorage.setItem(key, JSON.stringify(sent));
        return sent.length - 1;
      } catch {
        return -1;
      }
    };
    const fetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      // The widget's fetch body is a Blob too (see the Blob wrapper below).
      const index = log(
        'fetch',
        input,
        (init?.body as { __text?: string } | undefined)?.__text ?? init?.body,
      );
      const answer = fetch.call(this, input, init);
      if (index >= 0) {
        answer.then(
          (res) => {
            const sent = read();
            Object.assign(sent[index]!, {
              answeredAt: Date.now(),
              status: res.status,
              retryAfter: res.headers.get('retry-after'),
            });
            localStorage.setItem(key, JSON.stringify(sent));
          },
          () => {},
        );
      }
      return answer;
    };
    const beacon = navigator.sendBeacon;
    navigator.sendBeacon = function (url: string | URL, data?: BodyInit | null) {
      // The widget sends a Blob; its text is known only asynchronously, so it is read from a copy first.
      const text = (data as Blob & { __text?: string })?.__text;
      log('beacon', url, text);
      return beacon.call(this, url, data);
    };
    // Blobs made for a beacon keep their text, so the wrapper above can read it synchronously.
    const RealBlob = window.Blob;
    window.Blob = class extends RealBlob {
      __text?: string;
      constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
        super(parts, options);
        if (parts?.length === 1 && typeof parts[0] === 'string') this.__text = parts[0];
      }
    };
  }, SENT_KEY);
}

/** What `recordSends` recorded, read from any open page of the tool. */
export async function sentLog(page: Page): Promise<SentRequest[]> {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), SENT_KEY);
}

export interface StoredRow {
  id: string;
  kind: string;
  session: string;
  route: string;
  body: string;
}

/** The raw events the server stored, from its batches (read-only; the server may be running). */
export function storedRows(server: { dataDir: string }): StoredRow[] {
  const db = new Database(join(server.dataDir, 'sightline.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `SELECT e.value ->> 'id' AS id, e.value ->> 'kind' AS kind, b.session, b.route, e.value AS body
      FROM batches AS b, json_each(b.events) AS e ORDER BY e.value ->> 't'`,
      )
      .all() as StoredRow[];
  } finally {
    db.close();
  }
}

/**
 * Sums of the per-minute rollup counts by metric: what queries count. Read once the server has
 * derived every batch it stored (it answers a batch first, and writes its rollups a few ms later).
 */
export async function rollupCounts(server: { dataDir: string }): Promise<Record<string, number>> {
  const db = new Database(join(server.dataDir, 'sightline.db'), { readonly: true, fileMustExist: true });
  try {
    await derivedSettled(db);
    const rows = db.prepare('SELECT metric, SUM(count) AS n FROM rollups GROUP BY metric').all() as {
      metric: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.metric, r.n]));
  } finally {
    db.close();
  }
}
