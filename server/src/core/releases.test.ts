import { describe, expect, it } from 'vitest';
import { binOf } from '../../../shared/sketch';
import type { BatchRow, ReleaseStatRow } from '../ports';
import { derivedOf } from './derive';
import { mannWhitney, twoProportions, twoRates } from './release-tests';
import { compareReleases, releasePartOf } from './releases';
import { batchRowOf } from './rollup';
import { serverBatchRowOf } from './server-rollup';

const T = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = Math.floor(T / 86_400_000);

/** A release's count of one value (its sketch bin), or of a counter (value null). */
const row = (release: string, metric: string, key: string, value: number | null, count: number) =>
  ({ release, metric, key, bin: value === null ? 0 : binOf(value), count }) satisfies ReleaseStatRow;

describe('significance tests', () => {
  it('Mann-Whitney U from bins, ties corrected', () => {
    // base 1, 2, 2; current 2, 3: pairs current > base: 2>1, 3>1, 3>2, 3>2 = 4, ties 2=2 twice = 1: U = 5.
    const base = new Map([
      [1, 1],
      [2, 2],
    ]);
    const current = new Map([
      [2, 1],
      [3, 1],
    ]);
    const { u, z, p } = mannWhitney(base, current);
    expect(u).toBe(5);
    // mean 3, variance 3·2/12 · (6 − (3³ − 3)/(5·4)) = 0.5 · 4.8 = 2.4
    expect(z).toBeCloseTo(2 / Math.sqrt(2.4), 12);
    expect(p).toBeCloseTo(0.1967, 4);
    expect(mannWhitney(new Map([[5, 10]]), new Map([[5, 10]]))).toEqual({ u: 50, z: 0, p: 1 });
  });

  it('two proportions and two rates', () => {
    // pooled 6/200; se √(0.03 · 0.97 · 0.02)
    expect(twoProportions(1, 100, 5, 100).z).toBeCloseTo(0.04 / Math.sqrt(0.03 * 0.97 * 0.02), 12);
    // Fisher's exact test (checked in Python with math.comb: 0.2116478527).
    expect(twoProportions(1, 100, 5, 100).p).toBeCloseTo(0.2116478527, 9);
    expect(twoProportions(0, 100, 0, 100)).toEqual({ z: 0, p: 1 });
    // 50 errors, half the exposure each: 40 against 25 ± √12.5
    const r = twoRates(10, 1000, 40, 1000);
    expect(r.z).toBeCloseTo(15 / Math.sqrt(12.5), 12);
    // Exact binomial(50, ½), two-sided (Python: 2.386133168e-5).
    expect(r.p).toBeCloseTo(2.386133168e-5, 13);
    // Past EXACT_EVENTS, the normal approximation: 3,000 against 3,300 errors per 100,000 views.
    const big = twoRates(3_000, 100_000, 3_300, 100_000);
    // 3,300 against 3,150 expected ± √(6,300 · ¼); Python's erfc: 1.570522e-4.
    expect(big.z).toBeCloseTo(150 / Math.sqrt(6_300 / 4), 12);
    expect(big.p).toBeCloseTo(1.570522e-4, 9);
  });
});

describe('compareReleases', () => {
  it('flags what is worse by the threshold, significant, with enough samples: exact output', () => {
    const base = [
      row('1.0', 'LCP', '/quiz', 1000, 60),
      row('1.0', 'INP', '/quiz', 200, 40),
      row('1.0', 'CLS', '/home', 0, 50),
      row('1.0', 'CLS', '/home', 0.1, 50),
      row('1.0', 'pageviews', '/quiz', null, 1000),
      row('1.0', 'errors', '/quiz', null, 10),
      row('1.0', 'request.duration', 'GET /api/quiz', 100, 100),
      row('1.0', 'request.5xx', 'GET /api/quiz', null, 1),
    ];
    const current = [
      row('1.1', 'LCP', '/quiz', 1500, 60),
      row('1.1', 'INP', '/quiz', 300, 40),
      row('1.1', 'CLS', '/home', 0, 50),
      row('1.1', 'CLS', '/home', 0.1, 50),
      row('1.1', 'pageviews', '/quiz', null, 1000),
      row('1.1', 'errors', '/quiz', null, 40),
      row('1.1', 'request.duration', 'GET /api/quiz', 105, 100),
      row('1.1', 'request.5xx', 'GET /api/quiz', null, 5),
      // Only in the new release: nothing to compare with.
      row('1.1', 'LCP', '/new', 3000, 100),
    ];
    expect(compareReleases(base, current)).toEqual([
      // p: U 3600 of 3600 pairs, z 10.909 (checked against erfc in Python: 1.047e-27).
      {
        metric: 'LCP',
        stat: 'p75',
        key: '/quiz',
        base: { value: 1002, n: 60 },
        current: { value: 1495, n: 60 },
        change: 0.4918,
        p: 1.05e-27,
        regression: true,
      },
      // 1 → 4 errors per 100 page views: +3 pp; exact binomial test of 40 of 50.
      {
        metric: 'errors',
        stat: 'rate',
        key: '/quiz',
        base: { value: 0.01, n: 1000 },
        current: { value: 0.04, n: 1000 },
        change: 0.03,
        p: 0.0000239,
        regression: true,
      },
      // As fast, but 5 % slower is under the 10 % threshold.
      {
        metric: 'request.duration',
        stat: 'p95',
        key: 'GET /api/quiz',
        base: { value: 100.5, n: 100 },
        current: { value: 104.6, n: 100 },
        change: 0.04081,
        p: 3.45e-45,
        regression: false,
      },
      // 52 % worse and significant, but 40 samples each: under the 50 needed.
      {
        metric: 'INP',
        stat: 'p75',
        key: '/quiz',
        base: { value: 198.4, n: 40 },
        current: { value: 301.9, n: 40 },
        change: 0.522,
        p: 6.21e-19,
        regression: false,
      },
      // +4 pp of 5xx, but 1 against 5 in 100 is not significant (Fisher's exact test).
      {
        metric: 'request.5xx',
        stat: 'rate',
        key: 'GET /api/quiz',
        base: { value: 0.01, n: 100 },
        current: { value: 0.05, n: 100 },
        change: 0.04,
        p: 0.212,
        regression: false,
      },
      {
        metric: 'CLS',
        stat: 'p75',
        key: '/home',
        base: { value: 0.09925, n: 100 },
        current: { value: 0.09925, n: 100 },
        change: 0,
        p: 1,
        regression: false,
      },
    ]);
  });

  it('a p75 up from 0 has no ratio and is worse', () => {
    const [c] = compareReleases(
      [row('1', 'CLS', '/', 0, 100)],
      [row('2', 'CLS', '/', 0, 20), row('2', 'CLS', '/', 0.2, 80)],
    );
    expect(c).toMatchObject({ change: null, base: { value: 0 }, regression: true });
  });
});

describe('releasePartOf', () => {
  const env = {
    siteId: 's',
    session: 'sess',
    route: '/quiz',
    platform: 'canvas',
    frame: 'framed',
    device: '',
    country: '',
  };
  const vital = { kind: 'vital', id: 'e1', t: T, name: 'LCP', value: 2400 } as const;
  const error = {
    kind: 'error',
    id: 'e2',
    t: T,
    type: 'error',
    message: 'x is undefined',
    count: 3,
  } as const;
  const pageview = { kind: 'pageview', id: 'e3', t: T } as const;

  it('takes the vitals, page views and errors of a browser batch that named a release', () => {
    const batch = batchRowOf({ ...env, release: '2026.12.1' }, [vital, error, pageview], T + 5);
    expect(derivedOf(batch).release).toEqual({
      siteId: 's',
      release: '2026.12.1',
      seenAt: T + 5,
      events: 3,
      stats: [
        { metric: 'LCP', key: '/quiz', day: DAY, bin: binOf(2400), count: 1 },
        { metric: 'errors', key: '/quiz', day: DAY, bin: 0, count: 3 },
        { metric: 'pageviews', key: '/quiz', day: DAY, bin: 0, count: 1 },
      ],
    });
    expect(derivedOf(batchRowOf(env, [vital], T)).release).toBeUndefined();
  });

  it('takes request times and 5xx answers by endpoint from a server batch', () => {
    const request = (id: string, status: number, duration: number) =>
      ({ kind: 'request', id, t: T, method: 'GET', route: '/api/quiz', status, duration }) as const;
    const batch: BatchRow = serverBatchRowOf(
      { siteId: 's', service: 'tool', release: 'v2' },
      [request('r1', 200, 80), request('r2', 503, 80)],
      T,
    );
    expect(releasePartOf(batch, derivedOf(batch).deltas)?.stats).toEqual([
      { metric: 'request.duration', key: 'GET /api/quiz', day: DAY, bin: binOf(80), count: 2 },
      { metric: 'request.5xx', key: 'GET /api/quiz', day: DAY, bin: 0, count: 1 },
    ]);
  });
});
