// `npm run bench:query`: 10 million events over 30 days (several sites, hundreds
// of routes, three LMS platforms, devices, countries; vitals, navigation,
// resources, errors, custom events and the server SDK's requests, queries, LTI
// and features) into a fresh SQLite file, then the dashboard's queries timed.
//
// The generator is a bulk writer on the real code paths: events → deltas with
// core/rollup.ts and core/server-rollup.ts, summed per rollup row with
// aggregateDeltas, written with the store's own upserts (sessions, error groups
// too), one transaction per simulated hour, and maintain() run as the hours pass
// (compaction into hours and days with their projections, retention). Hours older
// than the minute retention are written as the hour rows compaction would make
// (retention would have removed their minute rows by the end anyway); the last two
// days go through minute rows. It skips the raw batches (queries never read them).
// Every LCP value also goes to a side table so the p75 can be computed exactly.
//   BENCH_EVENTS (default 10,000,000), BENCH_RUNS (default 9), BENCH_DB (keep the file there),
//   BENCH_REUSE=1 (with BENCH_DB: time the queries on a file generated before)
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from '../server/src/store/migration-files';
import { ROLLUP_SQL, rollupKeyParams } from '../server/src/store/rollups';
import { sessionAndErrorWriter } from '../server/src/store/sqlite-group-commit';
import { openSqlite, sqliteExecutor } from '../server/src/store/sqlite';
import { createSqlStore } from '../server/src/store/sql-store';
import { createApp } from '../server/src/app';
import { sessionAndErrorDeltasOf } from '../server/src/core/sessions-and-errors';
import { sha256Hex } from '../server/src/core/ids';
import { maintain } from '../server/src/core/maintain';
import { aggregateDeltas, deltasOf, type Envelope } from '../server/src/core/rollup';
import { serverDeltasOf } from '../server/src/core/server-rollup';
import type { ErrorDelta, RollupDelta, SessionDelta } from '../server/src/ports';
import { createWorld, type Page } from './bench-query-world';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const HOUR = 3_600_000;
const DAYS = 30;
const END = Date.UTC(2026, 10, 27, 0, 0);
const START = END - DAYS * 24 * HOUR;

const dir = process.env.BENCH_DB ? undefined : mkdtempSync(join(tmpdir(), 'sightline-bench-'));
const file = process.env.BENCH_DB ?? join(dir!, 'bench.db');
const REUSE = process.env.BENCH_REUSE === '1' && existsSync(file);
if (!REUSE) rmSync(file, { force: true });
const db = openSqlite(file);
// A bulk load into a throw-away file: no journal and no syncs while generating,
// a large page cache, sorts in memory. Back to WAL before the queries are timed.
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -1048576');
db.pragma('temp_store = MEMORY');
const store = createSqlStore(sqliteExecutor(db));
await store.migrate(readMigrations());
const world = createWorld(EVENTS, START, END);
if (!REUSE) {
  db.exec(
    'CREATE TABLE bench_raw_lcp (site_id TEXT NOT NULL, route TEXT NOT NULL, t INTEGER NOT NULL, value REAL NOT NULL)',
  );
  db.exec('CREATE TABLE bench_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  for (const site of world.sites)
    await store.createSite({ id: site.id, key: `sk_${site.id}`, name: site.id, origins: ['*'] }, START);
}

// ---- generation
const stmt = (sql: string) => db.prepare(sql);
const writeSessionsAndErrors = sessionAndErrorWriter(db);
const insertLcp = stmt('INSERT INTO bench_raw_lcp VALUES (?, ?, ?, ?)');

interface Hour {
  deltas: RollupDelta[];
  sessions: SessionDelta[];
  errors: ErrorDelta[];
  lcp: [string, string, number, number][];
}

// The store's upserts, many rows per statement: the generator writes far more per
// transaction than ingest does, and per-statement overhead would dominate.
const CHUNK = 64;
const manyRows = (sql: string) => {
  const values = sql.match(/VALUES \(([^)]*)\)/)![0];
  return db.prepare(
    sql.replace(values, `VALUES ${Array.from({ length: CHUNK }, () => values.slice(7)).join(', ')}`),
  );
};
function writer(sql: string) {
  const one = db.prepare(sql);
  const many = manyRows(sql);
  return (rows: unknown[][]) => {
    let i = 0;
    for (; i + CHUNK <= rows.length; i += CHUNK) many.run(...rows.slice(i, i + CHUNK).flat());
    for (; i < rows.length; i++) one.run(...rows[i]);
  };
}
/**
 * Hours older than the minute retention (2 days before the end) are written as
 * hour rows directly: the sums hour compaction would make from their minute rows,
 * which retention would have removed by the end anyway. The last 2 days go
 * through minute rows and the real hour compaction; days, projections and
 * retention are maintain()'s work all along.
 */
const DIRECT_BEFORE = Math.floor((END - 2 * 24 * HOUR - 3 * HOUR) / HOUR) * 60;
const asHourRows = (sql: string) => sql.replace('VALUES (?, 1,', 'VALUES (?, 60,');
const writeRollups = {
  minute: writer(ROLLUP_SQL.upsertRollup),
  hour: writer(asHourRows(ROLLUP_SQL.upsertRollup)),
};
const writeBins = { minute: writer(ROLLUP_SQL.upsertBin), hour: writer(asHourRows(ROLLUP_SQL.upsertBin)) };
const hoursDone = stmt('UPDATE rollup_levels SET complete_to = ? WHERE res = 60');

const writeHour = db.transaction((h: Hour, hourEnd: number) => {
  const direct: RollupDelta[] = [];
  const minutes: RollupDelta[] = [];
  for (const d of h.deltas) {
    if (d.minute >= DIRECT_BEFORE) minutes.push(d);
    else ((d.minute -= d.minute % 60), direct.push(d)); // fresh objects: moved to their hour in place
  }
  for (const [level, deltas] of [
    ['hour', direct],
    ['minute', minutes],
  ] as const) {
    const rollups: unknown[][] = [];
    const bins: unknown[][] = [];
    for (const u of aggregateDeltas(deltas)) {
      const k = rollupKeyParams(u.key);
      rollups.push([...k, u.count, u.sum, u.good, u.ni, u.poor]);
      for (const [bin, count] of u.bins) bins.push([...k, bin, count]);
    }
    writeRollups[level](rollups);
    writeBins[level](bins);
  }
  if (hourEnd / 60_000 <= DIRECT_BEFORE) hoursDone.run(hourEnd / 60_000);
  writeSessionsAndErrors(h.sessions, h.errors);
  for (const row of h.lcp) insertLcp.run(...row);
});

/** Deltas, session and error rows, and raw LCP values of one page view. */
function addPage(h: Hour, page: Page) {
  const env: Envelope = {
    siteId: page.site,
    session: page.session,
    route: page.route,
    platform: page.platform,
    frame: page.frame,
    device: page.device,
    country: page.country,
    user: page.user,
  };
  for (const e of page.browser) {
    for (const d of deltasOf(env, e, e.t)) h.deltas.push(d);
    if (e.kind === 'vital' && e.name === 'LCP') h.lcp.push([page.site, page.route, e.t, e.value]);
  }
  const { sessions, errors } = sessionAndErrorDeltasOf(env, page.browser, page.t);
  h.sessions.push(...sessions);
  h.errors.push(...errors);
  for (const e of page.server)
    for (const d of serverDeltasOf({ siteId: page.site, service: 'bench' }, e, e.t)) h.deltas.push(d);
}

const timing = { generate: 0, write: 0, maintain: 0 };
let events = 0;
const began = performance.now();
function progress(hour: number, hours: number) {
  const done = hour / hours;
  const bar = '#'.repeat(Math.round(done * 30)).padEnd(30, '.');
  const secs = (performance.now() - began) / 1000;
  process.stderr.write(
    `\r[${bar}] ${(done * 100).toFixed(0).padStart(3)}%  ${(events / 1e6).toFixed(2)}M events  ${secs.toFixed(0)} s  `,
  );
}

const hours = DAYS * 24;
for (let i = 0; i < (REUSE ? 0 : hours); i++) {
  const hourStart = START + i * HOUR;
  let t0 = performance.now();
  const h: Hour = { deltas: [], sessions: [], errors: [], lcp: [] };
  for (const page of world.pagesOfHour(hourStart)) {
    addPage(h, page);
    events += page.browser.length + page.server.length;
  }
  timing.generate += performance.now() - t0;
  t0 = performance.now();
  writeHour(h, hourStart + HOUR);
  timing.write += performance.now() - t0;
  t0 = performance.now();
  await maintain(store, hourStart + HOUR);
  timing.maintain += performance.now() - t0;
  if (i % 6 === 5 || i === hours - 1) progress(i + 1, hours);
}
// The query moment: END, after the last maintenance a running server would have done.
let t0 = performance.now();
while ((await maintain(store, END)).compacted.length);
timing.maintain += performance.now() - t0;
process.stderr.write('\n');
// What this generation did, kept in the file for BENCH_REUSE runs.
if (!REUSE)
  db.prepare('INSERT INTO bench_meta VALUES (?, ?)').run(
    'run',
    JSON.stringify({ events, seconds: (performance.now() - began) / 1000, timing }),
  );
const meta = JSON.parse(db.prepare("SELECT value FROM bench_meta WHERE key = 'run'").pluck().get() as string);
events = meta.events;
Object.assign(timing, meta.timing);
const generationSeconds: number = meta.seconds;

// ---- queries, with the settings the server runs with (openSqlite): WAL, synchronous NORMAL, default cache.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -2000');
db.pragma('temp_store = DEFAULT');
const secret = 'sl_read_bench_token';
if (!(await store.findTokenByHash(await sha256Hex(secret))))
  await store.createToken({ id: 'tok_bench', role: 'read', name: 'bench' }, await sha256Hex(secret), END);
const app = createApp({ store, clock: () => END });
const get = async (path: string) => {
  const res = await app.fetch(
    new Request(`http://bench${path}`, { headers: { authorization: `Bearer ${secret}` } }),
  );
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(path: string) {
  await get(path); // warm: statements prepared, pages cached
  const ms: number[] = [];
  let body;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    body = await get(path);
    ms.push(performance.now() - t);
  }
  return { path, median: median(ms), min: Math.min(...ms), max: Math.max(...ms), body };
}

const site = world.sites[0].id;
const q = `site=${site}&range=30d`;
// Every query a dashboard view makes on the last 30 days, as the view asks it (issue #19: each
// ≤ 50 ms median). A route's and an error's drill-down take the busiest route and the top group.
const routes = await time(`/v1/vitals/routes?${q}&metric=LCP&limit=500`);
const busiest = [...(routes.body.routes as { route: string; count: number }[])].sort(
  (a, b) => b.count - a.count,
)[0].route;
const r = `${q}&route=${encodeURIComponent(busiest)}`;
const topError = (await get(`/v1/errors?${q}&limit=50`)).groups[0]?.fingerprint as string | undefined;
const views: [string, string[]][] = [
  [
    'Overview',
    [
      `/v1/overview?${q}`,
      `/v1/vitals?${q}`,
      ...['requests', 'errors', 'response_time', 'lti_launches'].map(
        (m) => `/v1/timeseries?${q}&metric=${m}`,
      ),
      `/v1/errors?${q}&limit=5`,
      `/v1/endpoints?${q}&sort=p95&limit=5`,
      `/v1/alerts?site=${site}`,
    ],
  ],
  [
    'Web vitals',
    [
      `/v1/vitals/routes?${q}&metric=LCP&sort=count&limit=50`,
      `/v1/vitals/histogram?${q}&metric=LCP`,
      ...['device', 'country', 'platform'].map((by) => `/v1/breakdown?${q}&metric=LCP&by=${by}&limit=10`),
      `/v1/vitals?${q}&groupBy=platform,frame`,
    ],
  ],
  [
    'Web vitals: a route',
    [
      `/v1/vitals?${r}`,
      `/v1/errors?${r}&limit=10`,
      `/v1/vitals/histogram?${r}&metric=LCP`,
      `/v1/breakdown?${r}&metric=LCP&by=device&limit=10`,
      `/v1/vitals/samples?${r}&metric=LCP&limit=20`,
    ],
  ],
  ['Errors', [`/v1/errors?${q}&limit=50`, ...(topError ? [`/v1/errors/${topError}?${q}`] : [])]],
  ['Endpoints & database', [`/v1/endpoints?${q}&sort=p95&limit=25`, `/v1/database?${q}&limit=10`]],
  [
    'LTI & features',
    [`/v1/lti?${q}`, `/v1/timeseries?${q}&metric=lti_launches`, `/v1/lti/launches?${q}`, `/v1/features?${q}`],
  ],
  ['Business', [`/v1/business?${q}`]],
  ['Alerts', [`/v1/alerts/history?site=${site}&from=${END - DAYS * 24 * HOUR}&to=${END}&limit=100`]],
];
const timed = [routes];
const byView: { view: string; t: Awaited<ReturnType<typeof time>> }[] = [];
for (const [view, paths] of views)
  for (const path of paths) {
    const t = await time(path);
    byView.push({ view, t });
    timed.push(t);
  }

// The same p75s by sorting raw values, and their distance from the sketch's.
const exactStart = performance.now();
const raw = db
  .prepare(
    'SELECT route, value FROM bench_raw_lcp WHERE site_id = ? AND t BETWEEN ? AND ? ORDER BY route, value',
  )
  .raw()
  .all(site, END - DAYS * 24 * HOUR, END) as [string, number][];
const byRoute = new Map<string, number[]>();
for (const [route, value] of raw) (byRoute.get(route) ?? byRoute.set(route, []).get(route)!).push(value);
const p75 = (sorted: number[]) => sorted[Math.floor(0.75 * (sorted.length - 1))];
const exactRoutes = new Map([...byRoute].map(([route, values]) => [route, p75(values)]));
const exactMs = performance.now() - exactStart;
const allValues = raw.map((r) => r[1]).sort((a, b) => a - b);
const overall = (await get(`/v1/vitals?${q}&metric=LCP`)).metrics.LCP;
let worst = { route: '', error: 0, exact: 0, sketch: 0, count: 0 };
let compared = 0;
for (const r of routes.body.routes as { route: string; p75: number; count: number }[]) {
  const exact = exactRoutes.get(r.route)!;
  const error = Math.abs(r.p75 - exact) / exact;
  compared++;
  if (error > worst.error) worst = { route: r.route, error, exact, sketch: r.p75, count: r.count };
}

// ---- report
const rows = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const fmt = (n: number) => n.toLocaleString('en-US');
const lines = [
  `${new Date().toISOString().slice(0, 10)} · ${cpus().length} × ${cpus()[0].model.trim()} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.version}`,
  `${fmt(events)} events over ${DAYS} days, ${world.sites.length} sites, ${world.routesPerSite} page routes and ${world.serverRoutesPerSite} API routes per site, generated in ${generationSeconds.toFixed(0)} s`,
  `  (events → deltas ${(timing.generate / 1000).toFixed(0)} s, SQLite writes ${(timing.write / 1000).toFixed(0)} s, maintenance ${(timing.maintain / 1000).toFixed(0)} s; file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB;\n   hours before the last 2 days written as hour rows, the rest as minute rows compacted by maintain())`,
  `  rollup rows: ${fmt(rows('SELECT COUNT(*) AS n FROM rollups WHERE res = 1'))} minute, ${fmt(rows('SELECT COUNT(*) AS n FROM rollups WHERE res = 60'))} hour, ${fmt(rows('SELECT COUNT(*) AS n FROM rollups WHERE res = 1440'))} day (projections included); ${fmt(rows('SELECT COUNT(*) AS n FROM rollup_bins'))} sketch bins; ${fmt(rows('SELECT COUNT(*) AS n FROM sessions'))} sessions; ${fmt(rows('SELECT COUNT(*) AS n FROM error_groups'))} error groups`,
  '',
  `| view | query (${site}, last 30 days, in-process app.fetch) | median ms | min | max |`,
  '| --- | --- | ---: | ---: | ---: |',
  ...[{ view: 'Web vitals (all routes)', t: routes }, ...byView].map(
    ({ view, t }) =>
      `| ${view} | \`GET ${t.path}\` | ${t.median.toFixed(1)} | ${t.min.toFixed(1)} | ${t.max.toFixed(1)} |`,
  ),
  `slowest median: ${Math.max(...timed.map((t) => t.median)).toFixed(1)} ms (${timed.reduce((a, b) => (b.median > a.median ? b : a)).path})`,
  '',
  `LCP p75, ${site}, 30 days: sketch ${overall.p75.toFixed(1)} ms vs sorted raw values ${p75(allValues).toFixed(1)} ms (${fmt(allValues.length)} values): error ${((Math.abs(overall.p75 - p75(allValues)) / p75(allValues)) * 100).toFixed(3)} %`,
  `LCP p75 per route (${compared} routes): largest error ${(worst.error * 100).toFixed(3)} % (${worst.route}, ${fmt(worst.count)} values: sketch ${worst.sketch} vs exact ${worst.exact.toFixed(1)});`,
  `  sorting the raw values for every route took ${exactMs.toFixed(0)} ms against ${routes.median.toFixed(1)} ms for the sketches`,
];
console.log(lines.join('\n'));
db.close();
if (dir) rmSync(dir, { recursive: true, force: true });
