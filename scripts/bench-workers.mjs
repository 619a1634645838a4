// `npm run bench:workers`: the ingest load of bench:ingest (ingest-load.mjs) against the
// Worker under `wrangler dev` (workerd, a local D1 and an in-memory Queue) and, in the same
// run, against the Node server. For the Worker: events/s accepted (202 = on the Queue),
// events/s the queue consumer committed to D1, how long after the last 202 everything was
// in D1, the largest Queue backlog the consumer saw, and what D1 stores and writes per event
// (rows and bytes on disk; rows written as D1 reports them, which is what it bills).
// BENCH_SECONDS (default 10) and BENCH_CONCURRENCY (default 16) as for bench:ingest.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONCURRENCY,
  fmt,
  makeBatch,
  ROOT,
  SECONDS,
  SITE_KEY,
  sightlineServer,
  throughput,
} from './ingest-load.mjs';

const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler');
const QUIET = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const ADMIN = 'sl_admin_bench_workers';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `wrangler dev` on a migrated local D1 in `dir`, the rate limit off, ready to answer. */
async function workerServer(port, dir) {
  const env = { ...process.env, ...QUIET, CI: 'true' };
  const migrated = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrations: ${migrated.stdout}\n${migrated.stderr}`);
  const vars = [
    `SIGHTLINE_SITE_KEY:${SITE_KEY}`,
    `SIGHTLINE_ADMIN_TOKEN:${ADMIN}`,
    'SIGHTLINE_RATE_LIMIT:0',
    `SIGHTLINE_ORIGINS:http://127.0.0.1:${port}`,
  ];
  const args = [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    dir,
    '--log-level',
    'warn',
    ...vars.flatMap((v) => ['--var', v]),
  ];
  const child = spawn(WRANGLER, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/v1/sites`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      }).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await sleep(250);
  }
  child.kill('SIGTERM');
  throw new Error('wrangler dev did not answer within 60 s');
}

/** The local D1's SQLite file under `dir` (Miniflare keeps one per database object). */
function d1File(dir) {
  const walk = (d) =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(dir).find(
    (f) => f.endsWith('.sqlite') && !f.endsWith('metadata.sqlite') && f.includes('D1Database'),
  );
}

console.error(`bench:workers: ${SECONDS} s of load over ${CONCURRENCY} connections, batches of 50 events`);

const nodeDir = mkdtempSync(join(tmpdir(), 'sightline-bench-node-'));
const nodePort = 20_000 + Math.floor(Math.random() * 10_000);
const node = await sightlineServer(nodePort, nodeDir);
console.error('Node: throughput…');
const nodeMost = await throughput(nodePort, 202);
node.kill('SIGTERM');
await new Promise((resolve) => node.on('exit', resolve));
rmSync(nodeDir, { recursive: true, force: true });

const dir = mkdtempSync(join(tmpdir(), 'sightline-bench-worker-'));
const port = 30_000 + Math.floor(Math.random() * 10_000);
console.error('Worker: starting wrangler dev…');
const worker = await workerServer(port, dir);
const file = d1File(dir);
if (!file) throw new Error(`no local D1 file under ${dir}`);
const db = new Database(file, { readonly: true, fileMustExist: true });
const committed = db.prepare('SELECT COALESCE(SUM(count), 0) FROM batches').pluck();
const queueState = db.prepare(
  'SELECT backlog, events, rows_written AS rowsWritten FROM ingest_queue WHERE id = 1',
);

console.error('Worker: throughput…');
const started = performance.now();
let maxBacklog = 0;
let sampling = true;
const sampler = (async () => {
  while (sampling) {
    maxBacklog = Math.max(maxBacklog, queueState.get()?.backlog ?? 0);
    await sleep(250);
  }
})();
const workerMost = await throughput(port, 202);
const sentAt = performance.now();
const accepted = (workerMost.requests - workerMost.failures) * BATCH;
console.error(`Worker: waiting for the consumer to commit ${fmt(accepted)} events…`);
let inD1 = committed.get();
for (let idle = 0; inD1 < accepted && idle < 120;) {
  await sleep(250);
  const now = committed.get();
  idle = now === inD1 ? idle + 1 : 0;
  inD1 = now;
}
const doneAt = performance.now();
sampling = false;
await sampler;

const state = queueState.get() ?? { events: 0, rowsWritten: 0 };
const tables = [
  'batches',
  'rollups',
  'rollup_bins',
  'sessions',
  'session_features',
  'error_groups',
  'error_sessions',
  'dimension_values',
];
const rows = Object.fromEntries(
  tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()]),
);
const bytes = db
  .prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()')
  .pluck()
  .get();
db.close();
worker.kill('SIGTERM');
await new Promise((resolve) => worker.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });

const storedRows = Object.values(rows).reduce((a, b) => a + b, 0);
console.log(
  `\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0].model} · Node ${process.version}`,
);
console.log(
  `one generator process on 127.0.0.1 sharing the machine with the server; ${SECONDS} s of load; batches of 50 events\n`,
);
console.log(
  '| server | accepted events/s | committed events/s | all committed after the last 202 | failures |',
);
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(
  `| Node (SQLite, commit thread) | ${fmt(nodeMost.eventsPerSecond)} | (in the 202) | 0 s | ${nodeMost.failures} |`,
);
console.log(
  `| Worker (wrangler dev: Queue → consumer → D1) | ${fmt(workerMost.eventsPerSecond)} | ${fmt(inD1 / ((doneAt - started) / 1000))} | ${fmt((doneAt - sentAt) / 1000, 1)} s | ${workerMost.failures} |`,
);
console.log(
  `\nWorker / Node: ${(workerMost.eventsPerSecond / nodeMost.eventsPerSecond).toFixed(2)}× the accepted events/s; largest Queue backlog the consumer saw: ${fmt(maxBacklog)} batches`,
);
console.log(
  `in D1: ${fmt(inD1)} of ${fmt(accepted)} accepted events${inD1 < accepted ? ' (NOT all: the consumer stopped committing)' : ''}`,
);
console.log(
  `per event in D1: ${(state.rowsWritten / Math.max(1, state.events)).toFixed(2)} rows written (as D1 reports them), ` +
    `${(storedRows / Math.max(1, inD1)).toFixed(2)} rows stored, ${fmt(bytes / Math.max(1, inD1))} bytes on disk (${fmt(bytes / 1024 / 1024, 1)} MiB in all)`,
);
console.log(`rows stored: ${tables.map((t) => `${t} ${fmt(rows[t])}`).join(', ')}`);
