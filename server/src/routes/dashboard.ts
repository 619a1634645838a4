// The dashboard's own routes: the app shell at /dashboard (and every deep link under
// it), who a token is, the merged histogram of a metric, and the live stream.
// The shell's JS and CSS are static files in dist/public/dashboard/ (scripts/build-dashboard.mjs).
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type {
  HistogramResponse,
  MeResponse,
  StreamMessage,
  VitalSample,
  VitalSamplesResponse,
} from '../../../shared/dashboard';
import { VitalNameSchema, type VitalEvent } from '../../../shared/protocol';
import { binValue } from '../../../shared/sketch';
import type { AppDeps } from '../deps';
import { authorize } from '../core/auth';
import { HttpError } from '../core/errors';
import { watchAlerts, type LiveMessage } from '../core/live';
import { MetricSchema } from '../core/queries/metrics';
import { parseParams, RangeParams, resolveWindow } from '../core/queries/params';
import { createReader } from '../core/queries/read';

/** The page every /dashboard URL answers with; the view is chosen by the script from the URL. */
export const DASHBOARD_SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sightline dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script type="module" src="/dashboard/app.js"></script>
</head>
<body>
<div id="app"><noscript>The Sightline dashboard needs JavaScript.</noscript></div>
</body>
</html>
`;

// Scripts only from this origin: an error message that smuggles markup cannot run code even if it were ever rendered as HTML.
const SHELL_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** At most one message per second per stream; a comment every 15 s keeps proxies from closing an idle one. */
const THROTTLE_MS = 1_000;
const HEARTBEAT_MS = 15_000;
/** Open streams one token may hold (a dashboard tab holds one): each is a socket and a timer held open. */
export const MAX_STREAMS_PER_TOKEN = 10;

export function registerDashboardRoutes(app: Hono, deps: AppDeps) {
  const { store, clock, live } = deps;
  const read = (c: Context) => authorize(store, c.req.header('authorization'), 'read');

  const shell = (c: Context) => {
    // A missing asset (/dashboard/app.js before a build) is a 404, not the page.
    if (/\.[a-z0-9]+$/i.test(c.req.path))
      throw new HttpError(404, `no file ${c.req.path}: run npm run build`);
    return new Response(DASHBOARD_SHELL, { headers: SHELL_HEADERS });
  };
  app.get('/dashboard', shell);
  app.get('/dashboard/*', shell);

  app.get('/v1/me', async (c) => {
    const token = await read(c);
    const me: MeResponse = { name: token.name, role: token.role, live: !!live };
    return c.json(me);
  });

  app.get('/v1/vitals/histogram', async (c) => {
    await read(c);
    const q = parseParams(
      {
        ...RangeParams,
        metric: z.string().default('LCP').pipe(MetricSchema),
        route: z.string().max(256).optional(),
      },
      c.req.query(),
    );
    const window = await resolveWindow(store, clock(), q);
    const where = {
      ...(q.metric.dim === undefined ? {} : { dim: q.metric.dim }),
      ...(q.route === undefined ? {} : { route: q.route }),
    };
    const rows = await createReader(store, window).bins({ metrics: [q.metric.rollup], where });
    const merged = new Map<number, number>();
    for (const r of rows) merged.set(r.bin, (merged.get(r.bin) ?? 0) + r.count);
    const bins = [...merged]
      .sort((a, b) => a[0] - b[0])
      .map(([bin, n]): [number, number] => [Number(binValue(bin).toPrecision(4)), n]);
    const body: HistogramResponse = {
      site: window.site.id,
      from: window.from,
      to: window.to,
      metric: q.metric.name,
      route: q.route ?? null,
      count: bins.reduce((n, b) => n + b[1], 0),
      bins,
    };
    return c.json(body);
  });

  // The route drill-down's samples: raw vital events (kept for the raw retention,
  // 7 days by default) with the attribution support staff need.
  app.get('/v1/vitals/samples', async (c) => {
    await read(c);
    const q = parseParams(
      {
        ...RangeParams,
        metric: VitalNameSchema.default('LCP'),
        route: z.string().min(1).max(256),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      },
      c.req.query(),
    );
    const window = await resolveWindow(store, clock(), q);
    const rows = await store.vitalSamples({
      siteId: window.site.id,
      route: q.route,
      metric: q.metric,
      from: window.from,
      to: window.to,
      limit: q.limit,
    });
    const samples = rows.map(({ t, body }): VitalSample => {
      const e = JSON.parse(body) as VitalEvent;
      return {
        t,
        value: e.value,
        rating: e.rating,
        navigationType: e.navigationType,
        attribution: e.attribution ?? {},
      };
    });
    const answer: VitalSamplesResponse = {
      site: window.site.id,
      from: window.from,
      to: window.to,
      metric: q.metric,
      route: q.route,
      samples,
    };
    return c.json(answer);
  });

  let stopWatching: (() => void) | undefined;
  const takeSlot = streamSlots();
  app.get('/v1/stream', async (c) => {
    const token = await read(c);
    if (!live)
      throw new HttpError(
        501,
        'no live stream on this runtime: poll the query API (the dashboard refreshes every 30 s)',
      );
    const release = takeSlot(token.id);
    stopWatching ??= watchAlerts(store, live);
    return new Response(sseStream(live, clock, release), {
      headers: SSE_HEADERS,
    });
  });
}

/**
 * The live streams each token holds, at most `max`: `take(tokenId)` answers the function
 * that gives its slot back (once, however often it is called), or throws the 429.
 */
export function streamSlots(max = MAX_STREAMS_PER_TOKEN) {
  const open = new Map<string, number>();
  return (tokenId: string): (() => void) => {
    const held = open.get(tokenId) ?? 0;
    if (held >= max)
      throw new HttpError(
        429,
        `this token already holds ${held} live streams (at most ${max}): close one first`,
        'authorization',
        { 'Retry-After': '30' },
      );
    open.set(tokenId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (open.get(tokenId) ?? 1) - 1;
      if (n > 0) open.set(tokenId, n);
      else open.delete(tokenId);
    };
  };
}

/** The headers of a Server-Sent Events answer (Node's route and the Workers live hub). */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** One subscriber's stream: ingest counts gathered per site and sent at most once per THROTTLE_MS. */
export function sseStream(
  live: NonNullable<AppDeps['live']>,
  clock: () => number,
  onEnd: () => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  let ended = false;
  const end = () => {
    if (!ended) ((ended = true), onEnd());
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (m: StreamMessage) =>
        controller.enqueue(encoder.encode(`event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`));
      let sites: Record<string, number> = {};
      let alerts = false;
      let lastSent = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        timer = undefined;
        lastSent = clock();
        // One message per flush: alerts first (the rarer, more urgent news), ingest at the next.
        if (alerts) {
          alerts = false;
          send({ type: 'alerts', at: lastSent });
          if (Object.keys(sites).length) schedule();
        } else if (Object.keys(sites).length) {
          send({ type: 'ingest', at: lastSent, sites });
          sites = {};
        }
      };
      const schedule = () => {
        timer ??= setTimeout(flush, Math.max(0, lastSent + THROTTLE_MS - clock()));
      };
      const off = live.onMessage((m: LiveMessage) => {
        if (m.type === 'ingest') sites[m.site] = (sites[m.site] ?? 0) + m.events;
        else alerts = true;
        schedule();
      });
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(': ping\n\n')), HEARTBEAT_MS);
      const offClose = live.onClose(() => {
        cleanup();
        controller.close();
      });
      cleanup = () => {
        off();
        offClose();
        clearInterval(heartbeat);
        if (timer) clearTimeout(timer);
        end();
      };
      send({ type: 'hello', at: clock() });
    },
    cancel() {
      cleanup();
    },
  });
}
