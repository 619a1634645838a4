// "Is it the LMS page or our tool frame?" (issue 20): batches sent through ingest
// from the tool frame and from top-level pages, read back over app.fetch filtered
// and split by frame, before and after compaction into hour and day rows.
import { describe, expect, it } from 'vitest';
import { maintain } from './core/maintain';
import { batch, createTestApp, json } from '../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const MIN = 60_000;
const DAY = 1440 * MIN;

type App = Awaited<ReturnType<typeof createTestApp>>;

/** Canvas tool frame (LCP 1000, 1200), Moodle tool frame (3000), a Canvas page carrying the widget (4000, with an error). */
async function seed(t: App, at: number) {
  const pages: [string, { platform: string; iframe: boolean }, number, boolean][] = [
    ['f1', { platform: 'canvas', iframe: true }, 1000, false],
    ['f2', { platform: 'canvas', iframe: true }, 1200, false],
    ['f3', { platform: 'moodle', iframe: true }, 3000, false],
    ['f4', { platform: 'canvas', iframe: false }, 4000, true],
  ];
  for (const [session, lms, lcp, error] of pages) {
    t.clock.now = at;
    const events = [
      { kind: 'pageview', id: `${session}-pv-xxx`, t: at },
      { kind: 'vital', id: `${session}-lcp-xx`, t: at, name: 'LCP', value: lcp },
      ...(error ? [{ kind: 'error', id: `${session}-err-xx`, t: at, type: 'error', message: 'Boom' }] : []),
    ];
    const res = await t.post('/v1/ingest', batch(events, { session, lms }));
    expect(res.status).toBe(202);
  }
  // A batch that sent no lms: taken as a top-level page on platform other.
  const res = await t.post(
    '/v1/ingest',
    batch([{ kind: 'pageview', id: 'f5-pv-xxx', t: at }], { session: 'f5', lms: undefined }),
  );
  expect(res.status).toBe(202);
}

/** What the frame reads answer, in a form both checks below compare. */
async function answers(t: App, range: string) {
  const get = async (path: string) => {
    const res = await t.get(`${path}${path.includes('?') ? '&' : '?'}${range}`);
    expect(res.status, path).toBe(200);
    return json(res);
  };
  const framed = await get('/v1/vitals?metric=LCP&frame=framed');
  const split = await get('/v1/vitals?metric=LCP&groupBy=platform,frame');
  const routes = await get('/v1/vitals/routes?metric=LCP&frame=top');
  const breakdown = await get('/v1/breakdown?metric=pageviews&by=frame');
  const errorsTop = await get('/v1/errors?frame=top');
  const errorsFramed = await get('/v1/errors?frame=framed');
  const series = await get('/v1/timeseries?metric=pageviews&step=1d&frame=framed&platform=canvas');
  const overview = await get('/v1/overview?frame=framed');
  return {
    framed: [framed.frame, framed.metrics.LCP.count],
    split: split.groups.map((g: { platform: string; frame: string; metrics: { LCP: { count: number } } }) => [
      g.platform,
      g.frame,
      g.metrics.LCP.count,
    ]),
    routes: routes.routes.map((r: { route: string; count: number }) => [r.route, r.count]),
    breakdown: breakdown.groups.map((g: { value: string; count: number }) => [g.value, g.count]),
    errors: [errorsTop.total, errorsFramed.total],
    series: series.points.reduce((n: number, p: { count: number }) => n + p.count, 0),
    overview: [overview.figures.pageviews.value, overview.figures.pageviews.note, overview.browser],
  };
}

const EXPECTED = {
  framed: ['framed', 3],
  split: [
    ['canvas', 'framed', 2],
    ['canvas', 'top', 1],
    ['moodle', 'framed', 1],
  ],
  routes: [['/courses/:id/quiz', 1]],
  breakdown: [
    ['framed', 3],
    ['top', 2],
  ],
  errors: [1, 0],
  series: 2,
  overview: [
    3,
    'framed only',
    [
      { platform: 'canvas', frame: 'framed', pageviews: 2, jsErrors: 0 },
      { platform: 'moodle', frame: 'framed', pageviews: 1, jsErrors: 0 },
    ],
  ],
};

describe('the frame dimension through the query API', () => {
  it('filters and splits vitals, errors, breakdowns, series and the overview by frame', async () => {
    const t = await createTestApp(NOW);
    await seed(t, NOW - 30 * MIN);
    expect(await answers(t, 'range=1h')).toEqual(EXPECTED);
    // Without a frame filter the overview's split shows both, the widget's default (no lms) as a top-level page.
    const all = await json(await t.get('/v1/overview?range=1h'));
    expect(all.browser).toEqual([
      { platform: 'canvas', frame: 'framed', pageviews: 2, jsErrors: 0 },
      { platform: 'canvas', frame: 'top', pageviews: 1, jsErrors: 1 },
      { platform: 'moodle', frame: 'framed', pageviews: 1, jsErrors: 0 },
      { platform: 'other', frame: 'top', pageviews: 1, jsErrors: 0 },
    ]);
  });

  it('answers the same from hour and day rows once compacted', async () => {
    const t = await createTestApp(NOW);
    const day = Math.floor((NOW - 3 * DAY) / DAY) * DAY;
    await seed(t, day + 10 * 60 * MIN);
    t.clock.now = NOW;
    await maintain(t.store, NOW);
    const levels = await t.store.rollupLevels();
    expect(levels.find((l) => l.res === 1440)?.completeTo).toBeGreaterThanOrEqual(day / MIN + 1440);
    expect(await answers(t, `from=${day}&to=${day + DAY - 1}`)).toEqual(EXPECTED);
  });

  it('refuses a frame it does not know, naming the parameter', async () => {
    const t = await createTestApp(NOW);
    for (const path of [
      '/v1/vitals?frame=iframe',
      '/v1/vitals/routes?frame=lms',
      '/v1/errors?frame=x',
      '/v1/overview?frame=x',
      '/v1/timeseries?metric=pageviews&frame=x',
      '/v1/breakdown?metric=LCP&by=frame&frame=x',
      '/v1/vitals?groupBy=device',
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(400);
      expect((await json(res)).error, path).toMatch(/^(frame|groupBy)/);
    }
  });
});
