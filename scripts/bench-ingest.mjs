// `npm run bench:ingest`: load on 127.0.0.1 with realistic batches of 50 events,
// against the real Sightline Node server (SQLite file, commit before 202) and, in
// the same run, against a bare node:http server that only parses the JSON and
// answers 204: the ceiling of this machine and generator. Two measures each:
//   - throughput: BENCH_CONCURRENCY connections send back to back for BENCH_SECONDS;
//     its latency is mostly the generator's own queue (Little's law: connections
//     ÷ throughput), so it is printed but is not the latency figure;
//   - latency at a fixed rate (BENCH_RATE events/s, default 100,000, the target):
//     batches are sent on a schedule whatever the answers, and each latency counts
//     from when its batch was due, so a stalled server cannot hide its backlog.
// BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 16), BENCH_RATE (default 100000)
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BATCH,
  CONCURRENCY,
  fixedRate,
  fmt,
  RATE,
  SECONDS,
  sightlineServer,
  TARGET,
  throughput,
} from './ingest-load.mjs';

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

const row = (name, r) =>
  `| ${name} | ${fmt(r.eventsPerSecond)} | ${fmt(r.requests)} | ${r.failures} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} |`;

console.error(
  `bench:ingest: ${SECONDS} s per measure; throughput over ${CONCURRENCY} connections, latency at ${fmt(RATE)} events/s; batches of ${BATCH} events`,
);
const bare = await bareServer();
console.error('bare node:http: throughput…');
const bareMost = await throughput(bare.address().port, 204);
console.error('bare node:http: fixed rate…');
const bareRate = await fixedRate(bare.address().port, 204);
bare.close();

const dataDir = mkdtempSync(join(tmpdir(), 'sightline-bench-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const child = await sightlineServer(port, dataDir);
console.error('Sightline: throughput…');
const most = await throughput(port, 202);
console.error('Sightline: fixed rate…');
const atRate = await fixedRate(port, 202);
child.kill('SIGTERM');
await new Promise((resolve) => child.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });

console.log(
  `\n${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0].model} · Node ${process.version}`,
);
console.log(
  `one generator process on 127.0.0.1 sharing the machine with the server; ${SECONDS} s per measure; batches of ${BATCH} events\n`,
);
console.log('| server | load | events/s | requests | failures | p50 ms | p99 ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
console.log(row(`bare node:http (JSON.parse + 204) | ${CONCURRENCY} connections, back to back`, bareMost));
console.log(row(`bare node:http (JSON.parse + 204) | ${fmt(RATE)} events/s`, bareRate));
console.log(
  row(`Sightline (validate + SQLite commit + 202) | ${CONCURRENCY} connections, back to back`, most),
);
console.log(row(`Sightline (validate + SQLite commit + 202) | ${fmt(RATE)} events/s`, atRate));
console.log(
  `\nSightline / bare: ${(most.eventsPerSecond / bareMost.eventsPerSecond).toFixed(2)}× the throughput; at ${fmt(RATE)} events/s ${(atRate.p99 / bareRate.p99).toFixed(1)}× the p99 latency`,
);
const met = (ok) => (ok ? 'met' : 'NOT met');
console.log(
  `target ≥ ${fmt(TARGET.eventsPerSecond)} events/s: ${met(most.eventsPerSecond >= TARGET.eventsPerSecond)} (${fmt(most.eventsPerSecond)}); ` +
    `p99 ≤ ${TARGET.p99} ms at ${fmt(RATE)} events/s: ${met(atRate.p99 <= TARGET.p99 && atRate.failures === 0 && atRate.eventsPerSecond >= RATE * 0.95)} (${fmt(atRate.p99, 2)} ms, ${fmt(atRate.eventsPerSecond)} events/s answered)`,
);
