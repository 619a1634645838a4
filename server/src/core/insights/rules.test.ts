// The insight rules on hand-built figures and samples: which findings, in which
// order (impact: time lost × traffic), with which evidence and fix.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../../shared/protocol';
import { clsInsights, inpInsights, lcpInsights, scriptInsights, type BrowserSample } from './browser-rules';
import { rankInsights } from './rank';
import { errorInsights, regressionInsights, slowQueryInsights } from './server-rules';

const SCAN_TEMPLATE = 'SELECT * FROM submissions WHERE course_id = ? ORDER BY created_at DESC';
const templates = [
  { template: SCAN_TEMPLATE, count: 40, totalTime: 80_000, p95: 2_400, slow: 30 },
  { template: 'SELECT * FROM grades WHERE id = ?', count: 1_000, totalTime: 5_000, p95: 9, slow: 0 },
  { template: 'SELECT * FROM reports', count: 6, totalTime: 12_000, p95: 2_500, slow: 6 },
];
const plans = new Map([[SCAN_TEMPLATE, ['SCAN submissions', 'USE TEMP B-TREE FOR ORDER BY']]]);
const endpoints = [
  { route: '/api/grades', count: 200, avg: 120, p95: 300, errors: 20 },
  { route: '/api/courses/:id', count: 100, avg: 300, p95: 900, errors: 0 },
  { route: '/api/quiet', count: 4, avg: 50, p95: 80, errors: 4 },
];
const previous = new Map([
  ['/api/grades', { route: '/api/grades', count: 180, avg: 110, p95: 290, errors: 1 }],
  ['/api/courses/:id', { route: '/api/courses/:id', count: 100, avg: 150, p95: 400, errors: 0 }],
]);

let n = 0;
const sample = (route: string, event: Record<string, unknown>): BrowserSample => ({
  route,
  event: { id: `e-${String(++n).padStart(6, '0')}`, t: 1, ...event } as Event as BrowserSample['event'],
});
const five = <T>(make: (i: number) => T) => [0, 1, 2, 3, 4].map(make);
const samples = [
  ...five((i) =>
    sample('/grades', {
      kind: 'vital',
      name: 'LCP',
      value: 2_000 + i * 500,
      attribution: {
        url: 'https://tool.example/hero.jpg',
        target: 'img.hero',
        resourceLoadDelay: 600 + i * 100,
      },
    }),
  ),
  // A fast LCP resource: no finding.
  ...five(() =>
    sample('/home', {
      kind: 'vital',
      name: 'LCP',
      value: 900,
      attribution: { url: 'https://tool.example/logo.png', resourceLoadDelay: 20 },
    }),
  ),
  ...five((i) =>
    sample('/grades', {
      kind: 'vital',
      name: 'INP',
      value: [300, 300, 400, 400, 500][i],
      attribution: {
        interactionTarget: 'button#save',
        inputDelay: 10,
        processingDuration: 250,
        presentationDelay: 40,
      },
    }),
  ),
  ...five(() =>
    sample('/grades', {
      kind: 'vital',
      name: 'CLS',
      value: 0.2,
      attribution: { largestShiftTarget: 'div.banner' },
    }),
  ),
  ...five(() =>
    sample('/grades', {
      kind: 'longtasks',
      count: 2,
      totalBlockingTime: 150,
      worstFrame: {
        duration: 160,
        blockingDuration: 100,
        script: 'https://tool.example/app.js:render',
        invoker: 'TimerHandler:setTimeout',
      },
    }),
  ),
];

describe('insights, ranked by impact', () => {
  const ranked = rankInsights([
    ...slowQueryInsights(templates, plans),
    ...errorInsights(endpoints),
    ...regressionInsights(endpoints, previous),
    ...lcpInsights(samples),
    ...inpInsights(samples),
    ...scriptInsights(samples),
    ...clsInsights(samples),
  ]);

  it('orders every finding by time lost × traffic, and leaves out what is fine or too small to tell', () => {
    expect(ranked.map((i) => [i.kind, i.subject, i.impact, i.count])).toEqual([
      ['endpoint.errors', '/api/grades', 100_000, 200], // 20 failures × 5 s
      ['db.index', SCAN_TEMPLATE, 80_000, 40], // its time spent
      ['endpoint.regression', '/api/courses/:id', 15_000, 100], // mean +150 ms × 100
      ['db.slow', 'SELECT * FROM reports', 12_000, 6],
      ['lcp.load-delay', '/grades https://tool.example/hero.jpg', 4_000, 5], // 600 + … + 1,000
      ['cls.source', '/grades div.banner', 1_000, 5], // 5 × 0.2 × 1,000
      ['inp.handler', '/grades button#save', 900, 5], // (300 − 200) + … + (500 − 200)
      ['long-frame.script', 'https://tool.example/app.js:render', 500, 5],
    ]);
  });

  it('turns a SCAN and a temp B-tree into the CREATE INDEX that removes both', () => {
    expect(ranked[1]).toEqual({
      kind: 'db.index',
      title: 'Reads every row of submissions: add an index',
      subject: SCAN_TEMPLATE,
      impact: 80_000,
      count: 40,
      evidence: [
        { label: 'Queries', value: '40' },
        { label: 'Time spent', value: '80 s' },
        { label: 'p95', value: '2,400 ms' },
        { label: 'Over 1,000 ms', value: '30' },
        { label: 'Query plan', value: 'SCAN submissions\nUSE TEMP B-TREE FOR ORDER BY' },
      ],
      fix: 'SQLite reads every row of submissions for this query (SCAN submissions). Create the index, then check that its plan says SEARCH … USING INDEX.',
      code: 'CREATE INDEX idx_submissions_course_id_created_at ON submissions(course_id, created_at);',
    });
  });

  it('says how to get a plan when there is none, and why an endpoint is flagged', () => {
    expect(ranked[3].fix).toMatch(/monitorQuery\(…, \{ explain: 'sqlite' \}\)/);
    expect(ranked[0]).toMatchObject({
      title: '10 % of requests fail with 5xx',
      evidence: [
        { label: 'Requests', value: '200' },
        { label: '5xx', value: '20' },
        { label: '5xx share', value: '10 %' },
      ],
    });
    expect(ranked[2]).toMatchObject({
      title: 'p95 400 ms → 900 ms since the previous period',
      evidence: [
        { label: 'Requests', value: '100 (before: 100)' },
        { label: 'p95', value: '900 ms (before: 400 ms)' },
        { label: 'Mean', value: '300 ms (before: 150 ms)' },
      ],
    });
  });

  it('names the LCP resource to preload, the dominant INP phase, the shifting element', () => {
    expect(ranked[4]).toMatchObject({
      title: 'The LCP image starts loading 800 ms after the first byte',
      evidence: [
        { label: 'Page views', value: '5' },
        { label: 'Median resource load delay', value: '800 ms' },
        { label: 'p75 LCP', value: '3,500 ms' },
        { label: 'Element', value: 'img.hero' },
      ],
    });
    expect(ranked[4].fix).toContain(
      '<link rel="preload" as="image" href="https://tool.example/hero.jpg" fetchpriority="high">',
    );
    expect(ranked[6]).toMatchObject({
      title: 'Interactions with button#save take 400 ms to paint (p75)',
      evidence: [
        { label: 'Interactions', value: '5' },
        { label: 'p75 INP', value: '400 ms' },
        { label: 'Median input delay', value: '10 ms' },
        { label: 'Median processing', value: '250 ms' },
        { label: 'Median presentation delay', value: '40 ms' },
      ],
    });
    expect(ranked[6].fix).toMatch(/^Its event handlers run long/);
    expect(ranked[5].title).toBe('div.banner shifts the layout: CLS 0.20 (p75)');
    expect(ranked[7].evidence).toContainEqual({ label: 'Invoker', value: 'TimerHandler:setTimeout' });
  });
});
