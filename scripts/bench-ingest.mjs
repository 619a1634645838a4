// `npm run bench:ingest`: load on 127.0.0.1 with realistic batches of 50 events
// for a fixed time, against the real Sightline Node server (SQLite file, commit
// before 202) and, in the same run, against a bare node:http server that only
// parses the JSON and answers 204: the ceiling of this machine and generator.
//   BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 16)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BATCH = 50;
const SITE_KEY = 'sk_bench_site_key';
const ROUTES = Array.from({ length: 50 }, (_, i) => `/courses/${i}/modules`);
const VITALS = [['LCP', 2500], ['INP', 200], ['CLS', 0.1], ['FCP', 1800], ['TTFB', 800]];

let seq = 0;
const id = () => `b${(seq++).toString(36).padStart(10, '0')}`;

/** One realistic batch: mostly vitals, some navigation, errors, page views and custom events. */
function makeBatch(port) {
  const t = Date.now();
  const events = [];
  for (let i = 0; i < BATCH; i++) {
    const k = i % 10;
    if (k < 6) {
      const [name, typical] = VITALS[i % 5];
      events.push({ kind: 'vital', id: id(), t, name, value: typical * (0.2 + Math.random() * 1.6), rating: 'good' });
    } else if (k === 6) {
      events.push({ kind: 'navigation', id: id(), t, type: 'navigate', dns: 3, tcp: 10, tls: 12, ttfb: 180, download: 20, dom: 300, load: 900 });
    } else if (k === 7) {
      events.push({ kind: 'error', id: id(), t, type: 'error', message: `TypeError: x is undefined (${i})`, stack: 'at f (https://tool.example/app.js:1:2)' });
    } else if (k === 8) {
      events.push({ kind: 'pageview', id: id(), t, title: 'Quiz' });
    } else {
      events.push({ kind: 'custom', id: id(), t, name: 'chat_message_sent', props: { length: 42 } });
    }
  }
  const route = ROUTES[seq % ROUTES.length];
  return JSON.stringify({
    siteKey: SITE_KEY, sentAt: t, session: `s${seq % 997}`, user: `u${seq % 331}`,
    page: { url: `http://127.0.0.1:${port}${route}`, route }, lms: { platform: 'canvas', iframe: true }, device: 'desktop', events,
  });
}

/** Drives `CONCURRENCY` keep-alive connections for SECONDS; returns throughput and latency. */
async function load(port, expectStatus) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let events = 0;
  let failures = 0;
  const end = performance.now() + SECONDS * 1000;
  const post = (body) => new Promise((resolve) => {
    const start = performance.now();
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/ingest', method: 'POST', agent, headers: { 'content-type': 'text/plain', origin: `http://127.0.0.1:${port}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - start);
        if (res.statusCode === expectStatus) events += BATCH;
        else failures++;
        resolve();
      });
    });
    req.on('error', () => (failures++, resolve()));
    req.end(body);
  });
  const worker = async () => {
    while (performance.now() < end) await post(makeBatch(port));
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { eventsPerSecond: events / elapsed, requests: latencies.length, failures, p50: pct(0.5), p99: pct(0.99) };
}

function bareServer() {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      JSON.parse(body);
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The real server as `npm start` runs it, in its own process, on a fresh SQLite file. */
async function sightlineServer(port, dataDir) {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['server/src/runtime/node.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SIGHTLINE_SITE_KEY: SITE_KEY, SIGHTLINE_RATE_LIMIT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('listening on') && resolve());
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return child;
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
function row(name, r) {
  return `| ${name} | ${fmt(r.eventsPerSecond)} | ${fmt(r.requests)} | ${r.failures} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} |`;
}

console.error(`bench:ingest: ${SECONDS} s per server, ${CONCURRENCY} connections, batches of ${BATCH} events`);
const bare = await bareServer();
const bareResult = await load(bare.address().port, 204);
bare.close();

const dataDir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = await sightlineServer(port, dataDir);
const result = await load(port, 202);
child.kill('SIGTERM');
await new Promise((resolve) => child.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });

console.log(`\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0].model} · Node ${process.version}`);
console.log(`${SECONDS} s per server, ${CONCURRENCY} keep-alive connections from one generator process on 127.0.0.1, batches of ${BATCH} events\n`);
console.log('| server | events/s | requests | failures | p50 ms | p99 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(row('bare node:http (JSON.parse + 204)', bareResult));
console.log(row('Sightline (validate + SQLite commit + 202)', result));
console.log(`\nSightline / bare: ${(result.eventsPerSecond / bareResult.eventsPerSecond).toFixed(2)}× the throughput, ${(result.p99 / bareResult.p99).toFixed(1)}× the p99 latency`);
