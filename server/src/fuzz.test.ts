// Fuzz, in-process through app.fetch on the real Node store: ≥ 20,000 generated
// requests from a seeded generator (fast-check is not installed; FUZZ_SEED and
// FUZZ_CASES change the run). Every answer must be under 500, and every good
// event of a batch that mixes good and bad ones must be kept: answered as
// accepted, and found in the rollups at the end.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, ORIGIN } from '../test/app';

const SEED = Number(process.env.FUZZ_SEED ?? 18);
const CASES = Number(process.env.FUZZ_CASES ?? 20_000);

/** mulberry32: a small, seeded, good-enough PRNG. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof random>;

const STRINGS = [
  '',
  ' ',
  'x',
  '😀',
  '\u0000',
  '<script>alert(1)</script>',
  "'; DROP TABLE x;--",
  '%00',
  'a'.repeat(5000),
  '../../etc/passwd',
  'NaN',
  '__proto__',
  'constructor',
  '\ud800',
];
const NUMBERS = [0, -1, 1, 1e308, -1e308, 0.5, 2 ** 53, -(2 ** 31), 1.7e-308];

/** Any JSON value, up to `depth` deep. */
function anyJson(r: Rng, depth = 3): unknown {
  const k = r.int(depth > 0 ? 8 : 5);
  if (k === 0) return null;
  if (k === 1) return r.next() < 0.5;
  if (k === 2) return r.pick(NUMBERS);
  if (k === 3) return r.pick(STRINGS);
  if (k === 4) return r.int(1e6);
  if (k === 5) return Array.from({ length: r.int(4) }, () => anyJson(r, depth - 1));
  const o: Record<string, unknown> = {};
  for (let i = r.int(5); i > 0; i--)
    o[
      r.pick(['kind', 'id', 't', 'name', 'value', 'siteKey', 'events', 'page', '__proto__', r.pick(STRINGS)])
    ] = anyJson(r, depth - 1);
  return o;
}

/** An event no schema accepts: a known kind with a wrong field, or anything else. */
function badEvent(r: Rng, t: number): unknown {
  return r.pick<() => unknown>([
    () => ({ kind: 'pageview', t }),
    () => ({ kind: 'pageview', id: 'short', t }),
    () => ({ kind: 'pageview', id: 'bad-id-xxxxxxxx', t: 'yesterday' }),
    () => ({ kind: 'vital', id: 'bad-vital-xxxx', t, name: 'LCP', value: -5 }),
    () => ({ kind: 'vital', id: 'bad-vital-yyyy', t, name: 'NOPE', value: 1 }),
    () => ({ kind: 'custom', id: 'bad-custom-xxx', t, name: '' }),
    () => ({ kind: 'custom', id: 'bad-custom-yyy', t, name: 'x'.repeat(65) }),
    () => ({ kind: r.pick(STRINGS), id: 'bad-kind-xxxxx', t }),
    () => anyJson(r, 2) ?? 'null',
  ])();
}

describe('fuzz', () => {
  it(`answers ${CASES} generated requests without a 5xx and keeps every good event of a mixed batch`, async () => {
    const t = await createTestApp();
    const r = random(SEED);
    const now = t.clock.now;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let goodSent = 0;
    let goodAnswered = 0;
    let ids = 0;
    const note = (what: string, res: Response) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && failures.length < 20) failures.push(`${what} → ${res.status}`);
    };
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const GETS = [
      '/v1/overview',
      '/v1/timeseries',
      '/v1/vitals',
      '/v1/vitals/routes',
      '/v1/breakdown',
      '/v1/errors',
      '/v1/endpoints',
      '/v1/database',
      '/v1/lti',
      '/v1/lti/launches',
      '/v1/logs',
      '/v1/logs/exceptions',
      '/v1/logs/exceptions/x',
      '/v1/logs/patterns',
      '/v1/insights',
      '/v1/features',
      '/v1/business',
      '/v1/alerts',
      '/v1/alerts/history',
      '/v1/alerts/deliveries',
      '/v1/checks',
      '/v1/snapshots',
      '/v1/vitals/histogram',
      '/v1/vitals/samples',
      '/v1/errors/x',
      '/v1/checks/x/runs',
    ];
    const POSTS = [
      '/v1/alerts/rules',
      '/v1/alerts/channels',
      '/v1/alerts/silences',
      '/v1/checks',
      '/v1/sites',
      '/v1/tokens',
      '/v1/snapshots',
      '/v1/ingest/server',
    ];
    const PARAMS = [
      'from',
      'to',
      'range',
      'route',
      'metric',
      'limit',
      'site',
      'groupBy',
      'by',
      'state',
      'cursor',
      'q',
    ];

    const kinds: (() => Promise<void>)[] = [
      // A batch mixing good pageviews with bad events: the good ones are kept.
      async () => {
        const good = Array.from({ length: 1 + r.int(5) }, () => ({
          kind: 'pageview',
          id: `fz-${SEED}-${ids++}-good`,
          t: now - r.int(3_600_000),
        }));
        const events = [...good, ...Array.from({ length: r.int(5) }, () => badEvent(r, now))];
        events.sort(() => r.next() - 0.5);
        const res = await t.post(
          '/v1/ingest',
          batch(events, { page: { url: `https://tool.example/c/${r.int(50)}`, referrer: '' } }),
        );
        note('mixed batch', res);
        goodSent += good.length;
        if (res.status !== 202) failures.push(`mixed batch → ${res.status} ${await res.text()}`);
        else {
          const answer = (await res.json()) as { accepted: number };
          goodAnswered += answer.accepted;
          if (answer.accepted !== good.length && failures.length < 5)
            failures.push(
              `mixed batch: ${good.length} good, answer ${JSON.stringify(answer).slice(0, 600)} events ${JSON.stringify(events).slice(0, 600)}`,
            );
        }
      },
      // A valid batch with one envelope field replaced by anything.
      async () => {
        const b: Record<string, unknown> = batch([
          { kind: 'pageview', id: `fz-${SEED}-${ids++}-env`, t: now },
        ]);
        b[r.pick(['siteKey', 'sentAt', 'session', 'user', 'page', 'lms', 'device', 'events'])] = anyJson(r);
        note('envelope', await t.post('/v1/ingest', b));
      },
      // Bodies that are not a batch at all.
      async () => {
        const body = r.pick([
          () => JSON.stringify(anyJson(r, 4)),
          () => r.pick(STRINGS),
          () => '{"a":'.repeat(r.int(3000)),
          () => '[' + '1,'.repeat(r.int(40_000)) + '1]',
        ])();
        note('raw body', await t.post(r.pick(['/v1/ingest', '/api/metrics/rum', '/api/errors']), body));
      },
      // Query endpoints with arbitrary parameters.
      async () => {
        const q = new URLSearchParams();
        for (let i = r.int(4); i > 0; i--)
          q.set(r.pick(PARAMS), String(r.pick<unknown>([...STRINGS, ...NUMBERS, r.int(1e13)])));
        note('query', await t.get(`${r.pick(GETS)}?${q}`));
      },
      // Admin writes with arbitrary JSON.
      async () => {
        const path = r.pick(POSTS);
        const res = await t.request(path, {
          method: r.pick(['POST', 'PUT']),
          headers: admin,
          body: JSON.stringify(anyJson(r, 4)),
        });
        note(`admin ${path}`, res);
      },
      // Arbitrary headers on the ingest route.
      async () => {
        const res = await t.post(
          '/v1/ingest',
          batch([{ kind: 'pageview', id: `fz-${SEED}-${ids++}-hdr`, t: now }]),
          {
            origin: r.pick([
              ORIGIN,
              'null',
              'https://evil.example',
              r.pick(STRINGS).replace(/[^\x20-\x7e]/g, ''),
            ]),
            'content-type': r.pick(['text/plain', 'application/json', 'multipart/form-data', '']),
          },
        );
        note('headers', res);
      },
    ];

    // A few requests in flight at a time, as concurrent pages would send them.
    let done = 0;
    const worker = async () => {
      while (done < CASES) {
        done++;
        await r
          .pick(kinds)()
          .catch((e) => failures.push(`threw: ${e}`));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));

    const stored = (
      await t.store.rollupTotals({
        siteId: t.site.id,
        fromMinute: Math.floor((now - 3_700_000) / 60_000),
        toMinute: Math.floor(now / 60_000) + 1,
        metrics: ['pageviews'],
        groupBy: 'route',
      })
    ).reduce((n, row) => n + row.count, 0);
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    console.log(
      `fuzz seed ${SEED}: ${done} requests, ${fivexx} 5xx, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; good events in mixed batches sent ${goodSent}, answered accepted ${goodAnswered}`,
    );
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThanOrEqual(CASES);
    expect(goodAnswered).toBe(goodSent);
    // Every pageview stored came from a batch answered 202; mixed ones are all there.
    expect(stored).toBeGreaterThanOrEqual(goodSent);
  }, 600_000);
});
