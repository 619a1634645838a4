import { describe, expect, it } from 'vitest';
import { binOf } from '../../../shared/sketch';
import { aggregateDeltas, deltasOf, minuteOf } from './rollup';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 30);
const env = { siteId: 's', session: 'x', route: '/a', platform: 'moodle', device: '', country: '' };

describe('rollup', () => {
  it('counts an event in its own minute, unless the client clock is implausible', () => {
    expect(minuteOf(NOW - 90_000, NOW)).toBe(Math.floor((NOW - 90_000) / 60_000));
    expect(minuteOf(NOW + 3_600_000, NOW)).toBe(Math.floor(NOW / 60_000));
    expect(minuteOf(NOW - 30 * 86_400_000, NOW)).toBe(Math.floor(NOW / 60_000));
  });

  it('rates vitals, splits navigation into phases and weighs repeated errors', () => {
    const [cls] = deltasOf(env, { kind: 'vital', id: 'v0000001', t: NOW, name: 'CLS', value: 0.3 }, NOW);
    expect(cls).toMatchObject({ metric: 'CLS', rating: 'poor', bin: binOf(0.3), count: 1 });
    const nav = deltasOf(env, { kind: 'navigation', id: 'n0000001', t: NOW, type: 'navigate', dns: 1, tcp: 2, tls: 3, ttfb: 4, download: 5, dom: 6, load: 7 }, NOW);
    expect(nav.map((d) => [d.metric, d.value])).toEqual([['nav.dns', 1], ['nav.tcp', 2], ['nav.tls', 3], ['nav.ttfb', 4], ['nav.download', 5], ['nav.dom', 6], ['nav.load', 7]]);
    const [error] = deltasOf(env, { kind: 'error', id: 'x0000001', t: NOW, type: 'error', message: 'boom', count: 4 }, NOW);
    expect(error).toMatchObject({ metric: 'errors', count: 4 });
  });

  it('sums the deltas of one commit per rollup row', () => {
    const events = [100, 200, 200, 5000].map((value, i) => ({ kind: 'vital' as const, id: `v000000${i}`, t: NOW, name: 'LCP' as const, value }));
    const [update, ...rest] = aggregateDeltas(events.flatMap((e) => deltasOf(env, e, NOW)));
    expect(rest).toEqual([]);
    expect(update).toMatchObject({ count: 4, sum: 5500, good: 3, ni: 0, poor: 1 });
    expect(update.bins).toEqual(new Map([[binOf(100), 1], [binOf(200), 2], [binOf(5000), 1]]));
  });
});
