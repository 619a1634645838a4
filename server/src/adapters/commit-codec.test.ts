import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { recordsOf } from '../core/rollup';
import { decodeCommit, encodeCommit } from './commit-codec';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const env = { siteId: 'site_a', session: 's1', route: '/courses/:id', platform: 'canvas', device: 'desktop', country: 'NZ', user: 'u1' };
const events: Event[] = [
  { kind: 'vital', id: 'e1', t: NOW, name: 'LCP', value: 1234.5678 },
  { kind: 'vital', id: 'e2', t: NOW - 61_000, name: 'CLS', value: 0.1 / 3 },
  { kind: 'pageview', id: 'e3', t: NOW, title: 'Quiz "1" \u2014 ünïcode' },
  { kind: 'custom', id: 'e4', t: NOW, name: 'chat_message_sent', props: { length: 42 } },
  { kind: 'error', id: 'e5', t: NOW - 5_000, type: 'error', message: 'TypeError: x is undefined', stack: 'at f (https://tool.example/app.js:1:2)', count: 3 },
];

describe('commit codec', () => {
  it('gives back exactly the commit it was given: absent fields absent, null ratings null, floats to the bit', () => {
    const { batch, deltas, extras } = recordsOf(env, events, NOW);
    expect(extras.sessions!.some((s) => s.feature === undefined && !('feature' in s))).toBe(true);
    expect(deltas.some((d) => d.rating === null)).toBe(true);
    expect(decodeCommit(encodeCommit(batch, deltas, 'r1', extras))).toEqual([batch, deltas, 'r1', extras]);
  });

  it('keeps one record, no records and a commit without extras', () => {
    const { batch, deltas } = recordsOf(env, events.slice(0, 1), NOW);
    expect(decodeCommit(encodeCommit(batch, deltas, 'r2'))).toEqual([batch, deltas, 'r2', {}]);
    expect(decodeCommit(encodeCommit(batch, [], 'r3', { sessions: [], errors: [] }))).toEqual([batch, [], 'r3', { sessions: [], errors: [] }]);
  });

  it('sends a value shared by every record of a column once', () => {
    const { batch, deltas, extras } = recordsOf(env, Array.from({ length: 50 }, (_, i) => ({ kind: 'pageview' as const, id: `p${i}`, t: NOW })), NOW);
    const encoded = encodeCommit(batch, deltas, 'r4', extras);
    expect(encoded.split('/courses/:id').length - 1).toBe(2); // once for the batch, once for the deltas
  });

  it('carries the events as they are, whatever they hold', () => {
    const { batch, deltas } = recordsOf(env, events, NOW);
    for (const odd of ['', '12:{"a":1}', 'ünï\u0000"\\', '\ud83d\ude00']) {
      expect(decodeCommit(encodeCommit({ ...batch, events: odd }, deltas, 'r5'))).toEqual([{ ...batch, events: odd }, deltas, 'r5', {}]);
    }
    expect(encodeCommit(batch, deltas, 'r5')).toContain(batch.events); // not escaped again
  });
});
