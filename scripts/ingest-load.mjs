// The load both ingest benchmarks send (bench-ingest.mjs, bench-workers.mjs): realistic
// batches of 50 widget events to POST /v1/ingest on 127.0.0.1, back to back over keep-alive
// connections or on a fixed schedule, and the Node server as `npm start` runs it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
export const RATE = Number(process.env.BENCH_RATE ?? 100_000);
export const BATCH = 50;
const FLUSH_INTERVAL_MS = 10_000;
export const SITE_KEY = 'sk_bench_site_key';
export const TARGET = { eventsPerSecond: 100_000, p99: 20 };
const ROUTES = Array.from({ length: 50 }, (_, i) => `/courses/${i}/modules`);
const VITALS = [
  ['LCP', 2500],
  ['INP', 200],
  ['CLS', 0.1],
  ['FCP', 1800],
  ['TTFB', 800],
];

/**
 * One event of each of 1,000 variants as JSON without its id and time: mostly vitals (values
 * spread over 0.2–1.8× typical), some navigation, errors, page views and custom
 * events. A batch is 50 of them with fresh ids: every event is new to the server,
 * and making a batch costs the generator little of the 2 cores it shares with it.
 */
const VARIANTS = Array.from({ length: 1000 }, (_, v) => {
  const k = v % 10;
  let event;
  if (k < 6) {
    const [name, typical] = VITALS[v % 5];
    event = { kind: 'vital', name, value: typical * (0.2 + Math.random() * 1.6), rating: 'good' };
  } else if (k === 6)
    event = {
      kind: 'navigation',
      type: 'navigate',
      dns: 3,
      tcp: 10,
      tls: 12,
      ttfb: 180,
      download: 20,
      dom: 300,
      load: 900,
    };
  else if (k === 7)
    event = {
      kind: 'error',
      type: 'error',
      message: `TypeError: x is undefined (${v % 50})`,
      stack: 'at f (https://tool.example/app.js:1:2)',
    };
  else if (k === 8) event = { kind: 'pageview', title: 'Quiz' };
  else event = { kind: 'custom', name: 'chat_message_sent', props: { length: 42 } };
  return JSON.stringify(event).slice(1); // `"kind":…}`: the id and time go in front
});

/**
 * Pages open at once: at 100,000 events/s in batches of 50, 2,000 batches a second,
 * each page sending one every 10 s. Session ids are 32 random hex digits, as the widget's.
 */
const SESSIONS = Array.from({ length: (TARGET.eventsPerSecond / BATCH) * (FLUSH_INTERVAL_MS / 1000) }, () =>
  randomBytes(16).toString('hex'),
);

let seq = 0;
export function makeBatch(port) {
  const events = [];
  // Ids as the widget makes them: 32 random hex digits.
  const ids = randomBytes(16 * BATCH).toString('hex');
  // Times as a page collects them between two sends: over the widget's 10 s flush interval.
  const now = Date.now();
  for (let i = 0; i < BATCH; i++, seq++) {
    events.push(
      `{"id":"${ids.slice(32 * i, 32 * i + 32)}","t":${now - Math.floor(Math.random() * FLUSH_INTERVAL_MS)},${VARIANTS[seq % VARIANTS.length]}`,
    );
  }
  // The page: its session, user and route, batch after batch in turn.
  const n = seq / BATCH;
  const route = ROUTES[n % ROUTES.length];
  return (
    `{"siteKey":"${SITE_KEY}","sentAt":${Date.now()},"session":"${SESSIONS[n % SESSIONS.length]}","user":"u${n % 331}",` +
    `"page":{"url":"http://127.0.0.1:${port}${route}","route":"${route}"},"lms":{"platform":"canvas","iframe":true},"device":"desktop",` +
    `"events":[${events.join(',')}]}`
  );
}

/** POSTs one batch; resolves to its status (0 on a network error). */
function post(agent, port, body) {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/ingest',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'text/plain',
          origin: `http://127.0.0.1:${port}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function summary(latencies, events, failures, seconds) {
  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    eventsPerSecond: events / seconds,
    requests: latencies.length,
    failures,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

/** CONCURRENCY keep-alive connections sending back to back for SECONDS: the most the server takes. */
export async function throughput(port, expectStatus) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const connection = async () => {
    while (performance.now() < end) {
      const body = makeBatch(port);
      const start = performance.now();
      const status = await post(agent, port, body);
      latencies.push(performance.now() - start);
      if (status === expectStatus) events += BATCH;
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, connection));
  agent.destroy();
  return summary(latencies, events, failures, (performance.now() - started) / 1000);
}

/** Batches due every 1/(RATE/BATCH) s for SECONDS, sent on time whatever the answers; latency from when each was due. */
export async function fixedRate(port, expectStatus) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const interval = 1000 / (RATE / BATCH);
  const total = Math.floor((SECONDS * 1000) / interval);
  const latencies = [];
  const inFlight = [];
  let events = 0;
  let failures = 0;
  const started = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      for (; sent < due; sent++) {
        const dueAt = started + sent * interval;
        inFlight.push(
          post(agent, port, makeBatch(port)).then((status) => {
            latencies.push(performance.now() - dueAt);
            if (status === expectStatus) events += BATCH;
            else failures++;
          }),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  return summary(latencies, events, failures, (performance.now() - started) / 1000);
}

/** The real server as `npm start` runs it, in its own process, on a fresh SQLite file. */
export async function sightlineServer(port, dataDir) {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/src/runtime/node.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      SIGHTLINE_SITE_KEY: SITE_KEY,
      SIGHTLINE_RATE_LIMIT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening on') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

export const fmt = (n, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
