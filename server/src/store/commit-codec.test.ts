import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { recordsOf } from '../core/derive';
import { decodeCommit, encodeCommit } from './commit-codec';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const env = {
  siteId: 'site_a',
  session: 's1',
  route: '/courses/:id',
  platform: 'canvas',
  frame: 'framed',
  device: 'desktop',
  country: 'NZ',
  user: 'u1',
};
const events: Event[] = [
  { kind: 'vital', id: 'e1', t: NOW, name: 'LCP', value: 1234.5678 },
  { kind: 'pageview', id: 'e3', t: NOW, title: 'Quiz "1" \u2014 ünïcode' },
];

describe('commit codec', () => {
  it('gives back exactly the batch and receipt it was given', () => {
    const { batch } = recordsOf(env, events, NOW);
    expect(decodeCommit(encodeCommit(batch, 'r1'))).toEqual([batch, 'r1']);
  });

  it('carries the events as they are, whatever they hold', () => {
    const { batch } = recordsOf(env, events, NOW);
    for (const odd of ['', '12:{"a":1}', 'ünï\u0000"\\', '\ud83d\ude00']) {
      expect(decodeCommit(encodeCommit({ ...batch, events: odd }, 'r5'))).toEqual([
        { ...batch, events: odd },
        'r5',
      ]);
    }
    expect(encodeCommit(batch, 'r5')).toContain(batch.events); // not escaped again
  });
});
