// The synthetic world bench-query.ts writes: sites with their routes, users,
// LMS platforms, devices and countries; sessions of page views, each with the
// widget's events and the tool server's events (what the server SDK sends).
// Seeded and deterministic: the same run produces the same data.
import type { Event } from '../shared/protocol';
import type { ServerEvent } from '../shared/server-protocol';

export interface Page {
  site: string;
  session: string;
  user: string;
  platform: string;
  /** `framed` (the tool frame) or `top` (the tool in its own window). */
  frame: string;
  device: string;
  country: string;
  route: string;
  t: number;
  browser: Event[];
  server: ServerEvent[];
}

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;

/** Picks index i with probability ∝ 1/(i+1)^s: a few routes get most of the traffic. */
function zipf(n: number, s: number) {
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative.push((sum += 1 / (i + 1) ** s));
  return (r: Rand) => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function weighted<T>(items: [T, number][]) {
  const total = items.reduce((n, [, w]) => n + w, 0);
  return (r: Rand) => {
    let x = r() * total;
    for (const [item, w] of items) if ((x -= w) < 0) return item;
    return items[items.length - 1][0];
  };
}

/** Log-normal around a median: what latencies look like. */
const lognormal = (r: Rand, median: number, sigma: number) =>
  median * Math.exp(sigma * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r()));
const ms = (v: number) => Math.min(3_599_999, Math.max(0, Math.round(v * 10) / 10));

const SECTIONS = [
  'quiz',
  'assignments',
  'modules',
  'discussions',
  'grades',
  'files',
  'pages',
  'announcements',
  'syllabus',
  'people',
];
const VIEWS = [
  'view',
  'edit',
  'new',
  'submissions',
  'analytics',
  'history',
  'settings',
  'preview',
  'review',
  'attempt',
  'results',
  'feedback',
  'rubric',
  'comments',
  'export',
  'import',
  'outline',
  'calendar',
  'search',
  'print',
  'share',
  'archive',
  'compare',
  'stats',
  'groups',
  'roster',
  'progress',
  'overview',
  'details',
  'summary',
];
const RESOURCES = [
  'courses',
  'users',
  'quizzes',
  'attempts',
  'grades',
  'files',
  'chats',
  'videos',
  'faqs',
  'assessments',
  'sections',
  'rubrics',
];
const ACTIONS = [
  '',
  '/items',
  '/summary',
  '/submit',
  '/status',
  '/history',
  '/export',
  '/search',
  '/settings',
  '/members',
];
const TABLES = [
  'courses',
  'users',
  'enrollments',
  'quizzes',
  'attempts',
  'grades',
  'messages',
  'videos',
  'faq_entries',
  'sessions',
];
const COUNTRIES = ['US', 'AU', 'NZ', 'GB', 'CA', 'DE', 'NL', 'IN', 'SG', 'ZA', 'BR', 'FR', 'IE', 'JP', 'MX'];
const FEATURES = [
  'chat_message',
  'video_upload',
  'video_transcription',
  'faq_query',
  'assessment_created',
  'assessment_completed',
];
const CUSTOM = ['chat', 'video_play', 'faq_search', 'quiz_submit', 'download', 'bookmark'];
const ERROR_TITLES = [
  (r: Rand) =>
    `Cannot read properties of undefined (reading '${['title', 'id', 'score', 'items', 'user'][Math.floor(r() * 5)]}')`,
  (r: Rand) => `Failed to fetch https://api.tool.example/courses/${Math.floor(r() * 9999)}/items`,
  (r: Rand) => `Quiz ${Math.floor(r() * 99999)} failed to load`,
  (r: Rand) => `Timeout after ${Math.floor(r() * 30000)} ms waiting for the editor`,
  () => 'ResizeObserver loop completed with undelivered notifications.',
  (r: Rand) => `Unexpected token '<' in JSON at position ${Math.floor(r() * 100)}`,
  (r: Rand) => `Video ${Math.floor(r() * 1e6).toString(16)}ab12cd34 could not be decoded`,
  () => 'Script error.',
];
const FUNCTIONS = [
  'loadQuiz',
  'renderGrid',
  'saveDraft',
  'fetchItems',
  'onSubmit',
  'initPlayer',
  'parseFeed',
  'openChat',
  'drawChart',
  'syncState',
];
const FILES = ['app', 'quiz', 'grades', 'player', 'chat'];

export function createWorld(targetEvents: number, start: number, end: number) {
  const rand = prng(20261127);
  const sites = [
    {
      id: 'site_1',
      weight: 0.4,
      platforms: weighted([
        ['canvas', 0.7],
        ['moodle', 0.25],
        ['other', 0.05],
      ]),
    },
    {
      id: 'site_2',
      weight: 0.3,
      platforms: weighted([
        ['moodle', 0.8],
        ['canvas', 0.15],
        ['other', 0.05],
      ]),
    },
    {
      id: 'site_3',
      weight: 0.2,
      platforms: weighted([
        ['canvas', 0.5],
        ['moodle', 0.4],
        ['other', 0.1],
      ]),
    },
    {
      id: 'site_4',
      weight: 0.1,
      platforms: weighted([
        ['canvas', 0.9],
        ['other', 0.1],
      ]),
    },
  ];
  const routes = SECTIONS.flatMap((s) => VIEWS.map((v) => `/courses/:id/${s}/${v}`)); // 300
  const routeOf = zipf(routes.length, 1.05);
  // A route's typical LCP: most are fine, some are slow pages.
  const lcpMedian = routes.map((_, i) => 900 + ((i * 7919) % 23) * 120);
  const apiRoutes = RESOURCES.flatMap((res, i) =>
    ACTIONS.map((a, j) => `${(i + j) % 4 ? 'GET' : 'POST'} /api/v1/${res}/:id${a}`),
  ); // 120
  const apiOf = zipf(apiRoutes.length, 1.1);
  const apiMedian = apiRoutes.map((_, i) => 30 + ((i * 104729) % 17) * 25);
  const templates = TABLES.flatMap(
    (t) =>
      [
        ['SELECT', `SELECT * FROM ${t} WHERE id = ?`],
        ['SELECT', `SELECT id, name FROM ${t} WHERE course_id = ? ORDER BY name LIMIT ?`],
        ['SELECT', `SELECT COUNT(*) FROM ${t} WHERE course_id = ? AND created_at > ?`],
        ['INSERT', `INSERT INTO ${t} (course_id, body) VALUES (?, ?)`],
        ['UPDATE', `UPDATE ${t} SET body = ?, updated_at = ? WHERE id = ?`],
        ['DELETE', `DELETE FROM ${t} WHERE id = ?`],
        ['SELECT', `SELECT ${t}.* FROM ${t} JOIN users ON users.id = ${t}.user_id WHERE ${t}.course_id = ?`],
        ['OTHER', `PRAGMA table_info(${t})`],
      ] as const,
  ); // 80
  const templateOf = zipf(templates.length, 1.2);
  const errorKinds = ERROR_TITLES.flatMap((title, i) =>
    FUNCTIONS.map((fn, j) => ({ title, fn, file: FILES[(i + j) % FILES.length] })),
  ); // 80
  const errorOf = zipf(errorKinds.length, 1.3);
  const countryOf = zipf(COUNTRIES.length, 1.2);
  const deviceOf = weighted([
    ['desktop', 0.62],
    ['mobile', 0.3],
    ['tablet', 0.08],
  ]);
  const customOf = weighted(CUSTOM.map((c, i) => [c, 1 / (i + 1)]));
  const USERS = 3000;
  const userOf = zipf(USERS, 0.8);
  let seq = 0;
  const id = () => `e${(seq++).toString(36).padStart(9, '0')}`;

  function browserEvents(r: Rand, t: number, route: number, device: string): Event[] {
    const slow = device === 'mobile' ? 1.45 : device === 'tablet' ? 1.2 : 1;
    const lcp = ms(lognormal(r, lcpMedian[route] * slow, 0.45));
    const ttfb = ms(lognormal(r, 180 * slow, 0.5));
    const events: Event[] = [
      { kind: 'pageview', id: id(), t },
      {
        kind: 'navigation',
        id: id(),
        t,
        type: 'navigate',
        dns: ms(lognormal(r, 8, 1)),
        tcp: ms(lognormal(r, 15, 0.8)),
        tls: ms(lognormal(r, 20, 0.8)),
        ttfb,
        download: ms(lognormal(r, 25, 0.7)),
        dom: ms(lognormal(r, 400 * slow, 0.5)),
        load: ms(lognormal(r, lcp * 1.2, 0.3)),
      },
      { kind: 'vital', id: id(), t: t + 50, name: 'TTFB', value: ttfb },
      {
        kind: 'vital',
        id: id(),
        t: t + 800,
        name: 'FCP',
        value: ms(Math.min(lcp, lognormal(r, lcp * 0.7, 0.3))),
      },
      { kind: 'vital', id: id(), t: t + 1500, name: 'LCP', value: lcp },
      {
        kind: 'vital',
        id: id(),
        t: t + 9000,
        name: 'CLS',
        value: r() < 0.4 ? 0 : Math.round(lognormal(r, 0.05, 1) * 1000) / 1000,
      },
      {
        kind: 'resources',
        id: id(),
        t: t + 3000,
        byType: {
          script: { count: 12, bytes: Math.round(lognormal(r, 400_000, 0.3)) },
          img: { count: 8, bytes: Math.round(lognormal(r, 250_000, 0.8)) },
        },
        slowest: [],
        failed: r() < 0.03 ? 1 : 0,
      },
    ];
    if (r() < 0.7)
      events.push({
        kind: 'vital',
        id: id(),
        t: t + 9000,
        name: 'INP',
        value: ms(lognormal(r, 120 * slow, 0.7)),
      });
    if (r() < 0.5)
      events.push({
        kind: 'longtasks',
        id: id(),
        t: t + 9000,
        count: 1 + Math.floor(r() * 4),
        totalBlockingTime: ms(lognormal(r, 80 * slow, 0.9)),
      });
    if (r() < 0.3) events.push({ kind: 'custom', id: id(), t: t + 5000, name: customOf(r) });
    if (r() < 0.08) {
      const kind = errorKinds[errorOf(r)];
      const frames = [
        `    at ${kind.fn} (https://tool.example/assets/${kind.file}.4f3a9c1d.js:1:${1000 + Math.floor(r() * 9000)})`,
        '    at https://tool.example/assets/vendor.js:2:77',
      ];
      if (r() < 0.2) frames.unshift('    at report (https://rum.example/sightline.js:1:900)');
      events.push({
        kind: 'error',
        id: id(),
        t: t + 4000,
        type: r() < 0.8 ? 'error' : 'rejection',
        message: kind.title(r),
        stack: `Error\n${frames.join('\n')}`,
      });
    }
    return events;
  }

  function serverEvents(
    r: Rand,
    t: number,
    country: string,
    platform: string,
    first: boolean,
  ): ServerEvent[] {
    const events: ServerEvent[] = [];
    for (let i = 0; i < 3; i++) {
      const route = apiOf(r);
      const [method, path] = apiRoutes[route].split(' ');
      const x = r();
      const status = x < 0.02 ? 500 + Math.floor(r() * 4) : x < 0.05 ? 404 : x < 0.07 ? 302 : 200;
      events.push({
        kind: 'request',
        id: id(),
        t: t + i * 200,
        method,
        route: path,
        status,
        duration: ms(lognormal(r, apiMedian[route], 0.6)),
        country,
      });
    }
    for (let i = 0; i < 4; i++) {
      const [op, template] = templates[templateOf(r)];
      const duration = ms(
        r() < 0.004 ? 1000 + lognormal(r, 600, 0.5) : lognormal(r, 6 + (template.length % 9) * 4, 0.7),
      );
      const ok = r() > 0.005;
      events.push({
        kind: 'db',
        id: id(),
        t: t + i * 50,
        op,
        template,
        duration,
        ok,
        slow: duration > 1000,
        ...(ok ? {} : { errorKind: r() < 0.5 ? 'timeout' : 'connection' }),
      });
    }
    const issuer =
      platform === 'canvas'
        ? 'canvas.instructure.com'
        : platform === 'moodle'
          ? 'moodle.university.example'
          : 'lms.other.example';
    if (first && r() < 0.6)
      events.push({
        kind: 'lti',
        id: id(),
        t,
        action: 'launch',
        ok: r() > 0.02,
        duration: ms(lognormal(r, 450, 0.4)),
        platform: issuer,
        role: r() < 0.9 ? 'learner' : 'instructor',
      });
    if (r() < 0.05) {
      const ok = r() > 0.03;
      events.push({
        kind: 'lti',
        id: id(),
        t,
        action: 'grade',
        ok,
        duration: ms(lognormal(r, 300, 0.5)),
        platform: issuer,
        ...(ok ? {} : { errorKind: 'platform' as const }),
      });
    }
    if (r() < 0.15) {
      const name = FEATURES[Math.floor(r() * FEATURES.length)];
      events.push({
        kind: 'feature',
        id: id(),
        t,
        name,
        ...(name.startsWith('video') ? { duration: ms(lognormal(r, 2000, 0.6)) } : {}),
        ...(name === 'faq_query' ? { hit: r() < 0.7 } : {}),
      });
    }
    if (r() < 0.3)
      events.push({
        kind: 'log',
        id: id(),
        t,
        level: r() < 0.8 ? 'info' : r() < 0.75 ? 'warn' : 'error',
        message: 'request handled',
      });
    return events;
  }

  /** A session: 1 to ~10 page views, 20 s to 4 min apart. */
  function* session(r: Rand, site: (typeof sites)[number], t: number): Generator<Page> {
    const user = `u${userOf(r)}`;
    // One session in five opens the tool in its own window; from the sequence, not the PRNG, so
    // every other value is drawn as before.
    const frame = seq % 5 === 0 ? 'top' : 'framed';
    const s = {
      site: site.id,
      session: `s${(seq++).toString(36)}`,
      frame,
      user,
      platform: site.platforms(r),
      device: deviceOf(r),
      country: COUNTRIES[countryOf(r)],
    };
    const pages = 1 + Math.floor(-Math.log(r() || 1e-12) * 2.5);
    for (let p = 0; p < pages; p++, t += 20_000 + r() * 220_000) {
      const route = routeOf(r);
      yield {
        ...s,
        route: routes[route],
        t: Math.round(t),
        browser: browserEvents(r, Math.round(t), route, s.device),
        server: serverEvents(r, Math.round(t), s.country, s.platform, p === 0),
      };
    }
  }

  /** Busier in the (UTC) working day, quieter at weekends. */
  const activity = (t: number) => {
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.45 : 1;
    return weekend * (1 + 0.6 * Math.sin(((d.getUTCHours() - 8) / 24) * 2 * Math.PI));
  };

  // Calibration: events per session, measured on a throw-away sample.
  const sample = prng(7);
  let sampleEvents = 0;
  for (let i = 0; i < 2000; i++)
    for (const p of session(sample, sites[0], start)) sampleEvents += p.browser.length + p.server.length;
  seq = 0;
  let totalActivity = 0;
  for (let t = start; t < end; t += 3_600_000) totalActivity += activity(t);
  const sessionsPerActivity = targetEvents / (sampleEvents / 2000) / totalActivity;
  const owed = sites.map(() => 0);

  return {
    sites,
    routesPerSite: routes.length,
    serverRoutesPerSite: apiRoutes.length,
    *pagesOfHour(hourStart: number): Generator<Page> {
      const a = activity(hourStart);
      for (const [i, site] of sites.entries()) {
        owed[i] += sessionsPerActivity * a * site.weight;
        const n = Math.floor(owed[i]);
        owed[i] -= n;
        for (let k = 0; k < n; k++) yield* session(rand, site, hourStart + rand() * 3_600_000);
      }
    },
  };
}
