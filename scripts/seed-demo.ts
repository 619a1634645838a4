// `npm run seed-demo`: fills a fresh database (DATA_DIR, default ./data) with a month
// of realistic history, so the dashboard is alive right after `npm start`: four sites
// (LTI tools) with hundreds of routes, Canvas/Moodle/other, devices and countries, the
// server SDK's requests, queries, LTI launches and features (scripts/bench-query-world.ts),
// two incidents that the real alert evaluator turns into alerts (one resolved three days
// ago, one firing now), two releases of the demo site (the second, six days ago, with
// slower pages and a slower attempts API: a regression on GET /v1/releases and a deploy
// marker on the charts), and synthetic checks with a month of runs.
// The demo site's browser batches of the last RAW_DAYS days are also stored raw, through the
// store's commit, so a route's latest samples and their attribution show (issue #19 item 5).
//   --port N or PORT (default 8787): the port `npm start` will serve on, allowed as the demo site's origin
//   SEED_EVENTS (default 1,000,000), SIGHTLINE_SITE_KEY, SIGHTLINE_ADMIN_TOKEN, SEED_READ_TOKEN
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckInputSchema } from '../shared/checks';
import { hashHex } from '../shared/hash';
import type { Event as BrowserEvent } from '../shared/protocol';
import type { LtiEvent } from '../shared/server-protocol';
import { readMigrations } from '../server/src/store/migration-files';
import { ROLLUP_SQL, rollupKeyParams } from '../server/src/store/rollups';
import { LAUNCH_SQL, launchPartParams } from '../server/src/store/launches';
import { QUERY_PLAN_SQL, queryPlanParams } from '../server/src/store/insights';
import { releaseParams } from '../server/src/store/releases';
import { writeLogLines } from '../server/src/store/logs';
import { sessionAndErrorWriter } from '../server/src/store/sqlite-group-commit';
import { openSqlite, sqliteExecutor } from '../server/src/store/sqlite';
import { createSqlStore } from '../server/src/store/sql-store';
import { installDefaults } from '../server/src/core/alerts/config';
import { evaluateAlerts } from '../server/src/core/alerts/evaluate';
import { sessionAndErrorDeltasOf } from '../server/src/core/sessions-and-errors';
import { randomId, sha256Hex } from '../server/src/core/ids';
import { maintain } from '../server/src/core/maintain';
import { releasePartOf } from '../server/src/core/releases';
import { aggregateDeltas, batchRowOf, deltasOf, type Envelope } from '../server/src/core/rollup';
import { serverDeltasOf } from '../server/src/core/server-rollup';
import type {
  BatchRow,
  CheckState,
  ErrorDelta,
  LaunchPart,
  LogLines,
  ReleasePart,
  RollupDelta,
  SessionDelta,
} from '../server/src/ports';
import { createWorld, type Page } from './bench-query-world';
import { demoPlans, slowQueryEvents } from './seed-insights';
import { demoLogLines } from './seed-logs';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const EVENTS = Number(env.SEED_EVENTS ?? 1_000_000);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAYS = 30;
const END = Math.floor(Date.now() / MIN) * MIN;
const START = Math.floor((END - DAYS * 24 * HOUR) / HOUR) * HOUR;
/** `--port 8919` or `--port=8919`, else PORT, else 8787. */
function portArg(argv: string[]): number {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const value = at < 0 ? (env.PORT ?? '8787') : argv[at].includes('=') ? argv[at].slice(7) : argv[at + 1];
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) {
    console.error(`seed-demo: --port wants a port number (1-65535), not ${JSON.stringify(value)}`);
    process.exit(1);
  }
  return n;
}
const port = portArg(process.argv.slice(2));
/** Days, up to END, whose demo-site batches are kept raw as ingest keeps them (7 days' retention). */
const RAW_DAYS = 2;
const base = `http://${env.HOST ?? '127.0.0.1'}:${port}`;

/** The world's sites as LTI tools; the first is the demo site the demo pages send to. */
const SITES: Record<string, { id: string; name: string; origins: string[] }> = {
  site_1: {
    id: 'site_demo',
    name: 'Atomic Guide (demo)',
    origins: [base, `http://localhost:${port}`, ...(env.SIGHTLINE_ORIGINS?.split(',').filter(Boolean) ?? [])],
  },
  site_2: { id: 'site_quiz', name: 'Quiz Builder', origins: ['https://quiz.example.edu'] },
  site_3: { id: 'site_video', name: 'Lecture Video', origins: ['https://video.example.edu'] },
  site_4: { id: 'site_review', name: 'Peer Review', origins: ['https://review.example.edu'] },
};

/** When the demo site's API misbehaves: 5xx and slow answers, failing launches. */
const INCIDENTS = [
  {
    from: Math.floor((END - 3.4 * 24 * HOUR) / HOUR) * HOUR + 13 * MIN,
    minutes: 80,
    errorShare: 0.25,
    slowdown: 5,
  },
  { from: END - 35 * MIN, minutes: 35, errorShare: 0.15, slowdown: 2.5 },
];
/** The demo site's releases: the second, deployed six days ago, made pages and one API slower. */
const RELEASES = [
  { release: '2026.11.3', from: START },
  { release: '2026.11.4', from: Math.floor((END - 6 * 24 * HOUR) / HOUR) * HOUR + 17 * MIN },
];
const releaseAt = (t: number) => [...RELEASES].reverse().find((r) => t >= r.from)!;
const incidentAt = (t: number) => INCIDENTS.find((i) => t >= i.from && t < i.from + i.minutes * MIN);
/** Minutes the alert evaluator runs at: around each incident, every minute. */
const evalMinutes = new Set(
  INCIDENTS.flatMap((i) =>
    Array.from({ length: i.minutes + 30 }, (_, k) => i.from - 5 * MIN + k * MIN).filter((t) => t <= END),
  ),
);

const dataDir = resolve(env.DATA_DIR ?? join(root, 'data'));
mkdirSync(dataDir, { recursive: true });
const file = join(dataDir, 'sightline.db');
const fresh = !existsSync(file);
const db = openSqlite(file);
const store = createSqlStore(sqliteExecutor(db));
await store.migrate(readMigrations());
if (!fresh && (await store.listSites()).length) {
  console.error(
    `${file} already has sites: seed-demo fills a fresh database. Remove it (or set DATA_DIR to an empty directory) and run again.`,
  );
  process.exit(1);
}

// ---- sites, tokens, rules, checks
const demoKey = env.SIGHTLINE_SITE_KEY ?? randomId('sk');
for (const [worldId, s] of Object.entries(SITES)) {
  await store.createSite(
    { id: s.id, key: worldId === 'site_1' ? demoKey : randomId('sk'), name: s.name, origins: s.origins },
    START,
  );
}
const adminToken = env.SIGHTLINE_ADMIN_TOKEN ?? randomId('sl_admin', 32);
const readToken = env.SEED_READ_TOKEN ?? randomId('sl_read', 32);
await store.createToken(
  { id: randomId('tok', 12), role: 'admin', name: 'first admin' },
  await sha256Hex(adminToken),
  START,
);
await store.createToken(
  { id: randomId('tok', 12), role: 'read', name: 'dashboard (read)' },
  await sha256Hex(readToken),
  START,
);
await installDefaults(store, () => START);

// ---- the bulk writer (as scripts/bench-query.ts): deltas summed per rollup row, one transaction per hour
const stmt = (sql: string) => db.prepare(sql);
const upsertRollup = stmt(ROLLUP_SQL.upsertRollup);
const upsertBin = stmt(ROLLUP_SQL.upsertBin);
const writeSessionsAndErrors = sessionAndErrorWriter(db);

interface Hour {
  deltas: RollupDelta[];
  sessions: SessionDelta[];
  errors: ErrorDelta[];
  launches: LaunchPart[];
  releases: ReleasePart[];
  batches: BatchRow[];
  logs: LogLines[];
}
const upsertLaunch = stmt(LAUNCH_SQL.upsertPart);

const writeHour = db.transaction((h: Hour) => {
  for (const u of aggregateDeltas(h.deltas)) {
    const k = rollupKeyParams(u.key);
    upsertRollup.run(...k, u.count, u.sum, u.good, u.ni, u.poor);
    for (const [bin, count] of u.bins) upsertBin.run(...k, bin, count);
  }
  writeSessionsAndErrors(h.sessions, h.errors);
  for (const p of h.launches) upsertLaunch.run(...launchPartParams(p));
  for (const r of h.releases) for (const [sql, ...params] of releaseParams(r)) stmt(sql).run(...params);
  for (const l of h.logs)
    writeLogLines(
      (sql, ...params) => stmt(sql).run(...params),
      (sql, ...params) => stmt(sql).get(...params) as { bytes: number },
      l,
    );
});

/** mulberry32, seeded: the incidents are the same every run. */
let incidentSeed = 424242;
const rand = () => {
  incidentSeed = (incidentSeed + 0x6d2b79f5) >>> 0;
  let t = incidentSeed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Outside incidents a healthy API (the world's 2 % of 5xx would burn any 99.9 % SLO);
 * during one, the demo site's API answers 5xx and slowly, and launches fail.
 */
function degrade(page: Page): void {
  if (page.site === 'site_1' && releaseAt(page.t) === RELEASES[1]) regress(page);
  for (const e of page.server) {
    const incident = incidentAt(e.t);
    if (!incident || page.site !== 'site_1') {
      if (e.kind === 'request' && e.status >= 500 && rand() > 0.02) e.status = 200;
      continue;
    }
    if (e.kind === 'request') {
      if (rand() < incident.errorShare) e.status = 500 + Math.floor(rand() * 4);
      e.duration = Math.min(3_599_999, e.duration * incident.slowdown);
    } else if (e.kind === 'lti' && e.action === 'launch' && rand() < incident.errorShare) e.ok = false;
  }
}

/** The second release's regression: LCP 40 % slower and the quiz attempts API 60 % slower. */
function regress(page: Page): void {
  for (const e of page.browser)
    if (e.kind === 'vital' && e.name === 'LCP') e.value = Math.round(e.value * 1.4);
  for (const e of page.server)
    if (e.kind === 'request' && e.route.startsWith('/api/v1/quizzes'))
      e.duration = Math.min(3_599_999, Math.round(e.duration * 16) / 10);
}

/** Steady API traffic on the demo site around incidents, so the alert rules have enough samples to decide. */
const API_ROUTES = [
  '/api/v1/courses/:id',
  '/api/v1/quizzes/:id/attempts',
  '/api/v1/chats/:id/messages',
  '/api/v1/grades/:id/submit',
];
function busyMinute(h: Hour, minute: number): number {
  const incident = incidentAt(minute);
  for (let i = 0; i < 30; i++) {
    const t = minute + Math.floor(rand() * MIN);
    const failed = !!incident && rand() < incident.errorShare;
    const duration =
      Math.round(120 * Math.exp(0.6 * (rand() + rand() - 1)) * (incident?.slowdown ?? 1) * 10) / 10;
    const e = {
      kind: 'request' as const,
      id: `seed-busy-${t}-${i}`,
      t,
      method: i % 4 ? 'GET' : 'POST',
      route: API_ROUTES[i % API_ROUTES.length],
      status: failed ? 503 : 200,
      duration,
      country: 'US',
    };
    h.deltas.push(...serverDeltasOf({ siteId: 'site_demo', service: 'demo' }, e, t));
  }
  return 30;
}

function addPage(h: Hour, page: Page) {
  const siteId = SITES[page.site].id;
  const env: Envelope = {
    siteId,
    session: page.session,
    route: page.route,
    platform: page.platform,
    frame: page.frame,
    device: page.device,
    country: page.country,
    user: page.user,
  };
  const deltas = [
    ...page.browser.flatMap((e) => deltasOf(env, e, e.t)),
    ...page.server.flatMap((e) => serverDeltasOf({ siteId, service: 'demo' }, e, e.t)),
  ];
  h.deltas.push(...deltas);
  if (page.site === 'site_1') {
    const count = page.browser.length + page.server.length;
    const part = releasePartOf(
      { siteId, release: releaseAt(page.t).release, receivedAt: page.t, count },
      deltas,
    );
    if (part) h.releases.push(part);
  }
  const { sessions, errors } = sessionAndErrorDeltasOf(env, page.browser, page.t);
  h.sessions.push(...sessions);
  h.errors.push(...errors);
  for (const e of page.server)
    if (e.kind === 'lti' && e.action === 'launch') h.launches.push(launchOf(siteId, e));
  // Log lines for the days the logs table keeps (SIGHTLINE_RETENTION_LOGS, 7).
  if (page.t >= END - 7 * DAY && page.server.length) {
    const logs = demoLogLines(siteId, page.server, releaseAt(page.t).release, rand);
    if (logs) h.logs.push(logs);
  }
  if (page.site === 'site_1' && page.t >= END - RAW_DAYS * DAY && page.browser.length)
    h.batches.push(
      batchRowOf(
        { ...env, release: releaseAt(page.t).release },
        page.browser.map(attributed),
        page.t + 2_000,
      ),
    );
}

const LCP_TARGETS = ['main > img.course-banner', '#quiz-title', 'article.page > p', '.module-list img'];
const INP_TARGETS = ['button#submit-attempt', 'nav.pagination > a.next', 'textarea.answer', 'select#section'];
/** An LCP or INP with the attribution the widget sends (widget/src/collect/vitals.ts), its parts adding up to the value. */
function attributed(e: BrowserEvent): BrowserEvent {
  if (e.kind !== 'vital' || (e.name !== 'LCP' && e.name !== 'INP')) return e;
  const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)];
  const part = (share: number) => Math.round(e.value * share);
  const attribution: Record<string, string | number> =
    e.name === 'LCP'
      ? {
          target: pick(LCP_TARGETS),
          timeToFirstByte: part(0.2),
          resourceLoadDelay: part(0.1),
          resourceLoadDuration: part(0.4),
          elementRenderDelay: e.value - part(0.2) - part(0.1) - part(0.4),
        }
      : {
          interactionTarget: pick(INP_TARGETS),
          interactionType: rand() < 0.8 ? 'pointer' : 'keyboard',
          inputDelay: part(0.2),
          processingDuration: part(0.5),
          presentationDelay: e.value - part(0.2) - part(0.5),
        };
  return { ...e, attribution };
}

/**
 * The hour's raw batches through the store's own commit (what ingest stores), with no derived
 * rows: the bulk writer has added those. The Node store derives on start what follows
 * derived_state.batches_to, so that is moved past them at the end.
 */
async function commitRaw(batches: BatchRow[]) {
  for (const b of batches) await store.commit(b, randomId('r', 12), { deltas: [] });
  rawBatches += batches.length;
}
let rawBatches = 0;

const PLACEMENTS = ['course_navigation', 'assignment_selection', 'link_selection', 'editor_button'];
/**
 * The parts of a launch timed end to end (core/launches.ts) around the SDK's launch event:
 * the login before it, the LMS's authentication between (slow in an incident, and on the
 * self-hosted Moodle), and the page's paints after; maintenance folds them.
 */
function launchOf(siteId: string, e: LtiEvent): LaunchPart {
  const slow = (incidentAt(e.t)?.slowdown ?? 1) * (e.platform.startsWith('moodle') ? 1.8 : 1);
  const loginMs = 20 + Math.round(rand() * 60);
  const platformMs = Math.round((350 + rand() * 900) * slow);
  const launchMs = e.duration ?? 400;
  const ttfb = launchMs + 40 + Math.round(rand() * 160);
  const fcp = ttfb + 150 + Math.round(rand() * 450);
  return {
    siteId,
    key: hashHex(e.id) + hashHex(e.id, 1),
    seenAt: e.t,
    loginAt: e.t - platformMs - loginMs,
    loginMs,
    launchAt: e.t,
    launchMs,
    ok: e.ok,
    platform: e.platform,
    placement: PLACEMENTS[Math.floor(rand() * rand() * PLACEMENTS.length)],
    route: '/lti/launch',
    ttfb,
    fcp,
    lcp: fcp + Math.round(rand() * 1_400),
    ...(rand() < 0.7 ? { inp: 40 + Math.round(rand() * 260) } : {}),
  };
}

const began = performance.now();
let events = 0;
let shown = -1;
function progress(done: number, label: string) {
  // A bar redrawn in place on a terminal; a line per 10 % in a log.
  if (!process.stderr.isTTY) {
    if (Math.floor(done * 10) > shown)
      ((shown = Math.floor(done * 10)), process.stderr.write(`${(done * 100).toFixed(0)}%  ${label}\n`));
    return;
  }
  const bar = '#'.repeat(Math.round(done * 30)).padEnd(30, '.');
  process.stderr.write(
    `\r[${bar}] ${(done * 100).toFixed(0).padStart(3)}%  ${label.padEnd(36)} ${((performance.now() - began) / 1000).toFixed(0)} s `,
  );
}

const world = createWorld(EVENTS, START, END);
const hours = Math.ceil((END - START) / HOUR);
for (let i = 0; i < hours; i++) {
  const hourStart = START + i * HOUR;
  const h: Hour = {
    deltas: [],
    sessions: [],
    errors: [],
    launches: [],
    releases: [],
    batches: [],
    logs: [],
  };
  for (const page of world.pagesOfHour(hourStart)) {
    if (page.t > END) continue;
    degrade(page);
    page.browser = page.browser.filter((e) => e.t <= END);
    page.server = page.server.filter((e) => e.t <= END);
    addPage(h, page);
    events += page.browser.length + page.server.length;
  }
  for (let m = hourStart; m < hourStart + HOUR && m <= END; m += MIN)
    if (evalMinutes.has(m)) events += busyMinute(h, m);
  // Slow query templates on the demo site (their plans are stored below, for Insights).
  for (const e of slowQueryEvents(rand, hourStart, END)) {
    h.deltas.push(...serverDeltasOf({ siteId: 'site_demo', service: 'demo' }, e, e.t));
    events++;
  }
  writeHour(h);
  await commitRaw(h.batches);
  // The real evaluator, on the simulated clock: pending → firing → resolved, with history.
  for (let m = hourStart; m < hourStart + HOUR; m += MIN)
    if (evalMinutes.has(m)) await evaluateAlerts({ store, clock: () => m, externalUrl: base });
  await maintain(store, Math.min(END, hourStart + HOUR));
  progress(
    (i + 1) / hours,
    `${(events / 1e6).toFixed(2)}M events, day ${Math.min(DAYS, Math.floor(i / 24) + 1)} of ${DAYS}`,
  );
}
if (evalMinutes.has(END)) await evaluateAlerts({ store, clock: () => END, externalUrl: base });
db.exec('UPDATE derived_state SET batches_to = (SELECT COALESCE(MAX(seq), 0) FROM batches) WHERE id = 1');

// ---- the slow templates' query plans, as the server SDK sends them (real EXPLAIN QUERY PLAN)
const plans = sqliteExecutor(db); // numbered parameters: bound as the store binds them
for (const p of demoPlans('site_demo', END)) await plans.run(QUERY_PLAN_SQL.upsert, ...queryPlanParams(p));

// ---- synthetic checks with a month of runs (paused: their targets are examples to replace)
const CHECKS = [
  { id: 'lti-config', name: 'LTI config endpoint', url: 'https://tool.example.edu/lti/config', latency: 120 },
  { id: 'home-page', name: 'Home page', url: 'https://tool.example.edu/', latency: 340 },
];
const CHECK_EVERY = 5 * MIN;
db.exec('BEGIN');
for (const c of CHECKS) {
  const check = {
    ...CheckInputSchema.parse({ id: c.id, name: c.name, url: c.url, intervalSeconds: 300, enabled: false }),
    id: c.id,
    site: 'site_demo',
  };
  await store.putCheck(check, 'api', START);
  let state: CheckState = {
    checkId: c.id,
    status: 'unknown',
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    since: null,
    lastRun: null,
    nextRunAt: START,
  };
  for (let t = START; t <= END; t += CHECK_EVERY) {
    const down = !!incidentAt(t) && INCIDENTS[0].from <= t && t < INCIDENTS[0].from + 40 * MIN;
    const run = {
      checkId: c.id,
      at: t,
      ok: !down,
      status: down ? 503 : 200,
      latencyMs: Math.round(c.latency * (0.7 + rand() * 0.8) * (down ? 20 : 1)),
      error: down ? 'status 503, expected "2xx"' : null,
    };
    const failures = run.ok ? 0 : state.consecutiveFailures + 1;
    const successes = run.ok ? state.consecutiveSuccesses + 1 : 0;
    const status =
      state.status === 'unknown' && run.ok
        ? 'up'
        : failures >= 3
          ? 'down'
          : state.status === 'down' && successes >= 2
            ? 'up'
            : state.status;
    state = {
      checkId: c.id,
      status,
      consecutiveFailures: failures,
      consecutiveSuccesses: successes,
      since: status === state.status ? state.since : t,
      lastRun: { at: run.at, ok: run.ok, status: run.status, latencyMs: run.latencyMs, error: run.error },
      nextRunAt: t + CHECK_EVERY,
    };
    await store.recordCheckRun(run, state, START);
  }
}
db.exec('COMMIT');
if (process.stderr.isTTY) process.stderr.write('\n');

const alerts = await store.alertInstances();
const history = await store.alertHistory({ from: START, to: END, limit: 1000 });
db.close();
console.log(
  [
    `Seeded ${file} in ${((performance.now() - began) / 1000).toFixed(0)} s:`,
    `  ${events.toLocaleString('en-US')} events over ${DAYS} days, ${Object.keys(SITES).length} sites (${Object.values(
      SITES,
    )
      .map((s) => s.name)
      .join(', ')})`,
    `  raw batches: ${rawBatches.toLocaleString('en-US')} of the demo site's, the last ${RAW_DAYS} days (route samples and attribution)`,
    `  alerts: ${alerts.filter((a) => a.state === 'firing').length} firing now, ${history.length} history entries; ${CHECKS.length} synthetic checks (paused) with a month of runs`,
    `  admin token: ${adminToken}${env.SIGHTLINE_ADMIN_TOKEN ? '' : '  (shown once: keep it)'}`,
    `  read token:  ${readToken}  (read-only: cannot acknowledge or silence)`,
    `  demo site key: ${demoKey}`,
    `Now run ${port === 8787 ? '' : `PORT=${port} `}npm start and open ${base}/dashboard`,
  ].join('\n'),
);
