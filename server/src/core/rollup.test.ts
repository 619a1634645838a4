import { describe, expect, it } from 'vitest';
import { binOf } from '../../../shared/sketch';
import { aggregateDeltas, batchKey, deltasOf, minuteOf } from './rollup';
import { recordsOf } from './derive';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 30);
const env = {
  siteId: 's',
  session: 'x',
  route: '/a',
  platform: 'moodle',
  frame: 'framed',
  device: '',
  country: '',
};

describe('rollup', () => {
  it('counts an event in its own minute, unless the client clock is implausible', () => {
    expect(minuteOf(NOW - 90_000, NOW)).toBe(Math.floor((NOW - 90_000) / 60_000));
    expect(minuteOf(NOW + 3_600_000, NOW)).toBe(Math.floor(NOW / 60_000));
    expect(minuteOf(NOW - 30 * 86_400_000, NOW)).toBe(Math.floor(NOW / 60_000));
  });

  it('rates vitals, splits navigation into phases and weighs repeated errors', () => {
    const [cls] = deltasOf(env, { kind: 'vital', id: 'v0000001', t: NOW, name: 'CLS', value: 0.3 }, NOW);
    expect(cls).toMatchObject({ metric: 'CLS', rating: 'poor', bin: binOf(0.3), count: 1 });
    const nav = deltasOf(
      env,
      {
        kind: 'navigation',
        id: 'n0000001',
        t: NOW,
        type: 'navigate',
        dns: 1,
        tcp: 2,
        tls: 3,
        ttfb: 4,
        download: 5,
        dom: 6,
        load: 7,
      },
      NOW,
    );
    expect(nav.map((d) => [d.metric, d.value])).toEqual([
      ['nav.dns', 1],
      ['nav.tcp', 2],
      ['nav.tls', 3],
      ['nav.ttfb', 4],
      ['nav.download', 5],
      ['nav.dom', 6],
      ['nav.load', 7],
    ]);
    const [error] = deltasOf(
      env,
      { kind: 'error', id: 'x0000001', t: NOW, type: 'error', message: 'boom', count: 4 },
      NOW,
    );
    expect(error).toMatchObject({ metric: 'errors', count: 4 });
  });

  it('sums the deltas of one commit per rollup row', () => {
    const events = [100, 200, 200, 5000].map((value, i) => ({
      kind: 'vital' as const,
      id: `v000000${i}`,
      t: NOW,
      name: 'LCP' as const,
      value,
    }));
    const [update, ...rest] = aggregateDeltas(events.flatMap((e) => deltasOf(env, e, NOW)));
    expect(rest).toEqual([]);
    expect(update).toMatchObject({ count: 4, sum: 5500, good: 3, ni: 0, poor: 1 });
    expect(update.bins).toEqual(
      new Map([
        [binOf(100), 1],
        [binOf(200), 2],
        [binOf(5000), 1],
      ]),
    );
  });

  it('keys a batch by its session and its events’ times and ids, in any order', () => {
    const a = { t: NOW, id: 'e0000001' };
    const b = { t: NOW + 1, id: 'e0000002' };
    const key = batchKey('s1', [a, b]);
    expect(key).toMatch(/^[0-9a-f]{28}$/);
    expect(batchKey('s1', [b, a])).toBe(key);
    expect(batchKey('s2', [a, b])).not.toBe(key);
    expect(batchKey('s1', [a])).not.toBe(key);
    expect(batchKey('s1', [a, { ...b, t: NOW + 2 }])).not.toBe(key);
    expect(batchKey('s1', [a, { ...b, id: 'e0000003' }])).not.toBe(key);
    // Separators cannot be forged: a session cannot pass for an event.
    expect(batchKey('s1\n1 x', [a])).not.toBe(batchKey('s1', [{ t: 1, id: 'x' }, a]));
  });

  it('stores a batch with its whole envelope, its latest event time and its events as validated', () => {
    const events = [
      { kind: 'pageview' as const, id: 'p0000001', t: NOW - 5_000 },
      { kind: 'vital' as const, id: 'v0000001', t: NOW - 1_000, name: 'LCP' as const, value: 900 },
    ];
    const { batch } = recordsOf(
      { ...env, device: 'mobile', country: 'NZ', user: 'u1', launch: '0123456789abcdef', release: 'v1.2' },
      events,
      NOW,
    );
    expect(batch).toEqual({
      siteId: 's',
      key: batchKey('x', events),
      receivedAt: NOW,
      t: NOW - 1_000,
      count: 2,
      source: 'browser',
      session: 'x',
      route: '/a',
      platform: 'moodle',
      frame: 'framed',
      device: 'mobile',
      country: 'NZ',
      user: 'u1',
      launch: '0123456789abcdef',
      release: 'v1.2',
      events: JSON.stringify(events),
    });
  });
});
