import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { derivedOf } from './derive';
import { batchRowOf, deltasOf } from './rollup';
import { sessionAndErrorDeltasOf } from './sessions-and-errors';
import { serverRecordsOf } from './server-rollup';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('derivedOf', () => {
  it('makes a stored browser batch’s deltas, sessions and error groups again, as ingest made them', () => {
    const env = {
      siteId: 'site_a',
      session: 's1',
      route: '/courses/:id',
      platform: 'canvas',
      frame: 'framed',
      device: 'mobile',
      country: 'NZ',
      user: 'u1',
    };
    const events: Event[] = [
      { kind: 'vital', id: 'v0000001', t: NOW - 2_000, name: 'LCP', value: 2900 },
      {
        kind: 'navigation',
        id: 'n0000001',
        t: NOW - 3_000,
        type: 'navigate',
        dns: 1,
        tcp: 2,
        tls: 3,
        ttfb: 120,
        download: 9,
        dom: 300,
        load: 800,
      },
      {
        kind: 'error',
        id: 'x0000001',
        t: NOW - 1_000,
        type: 'error',
        message: 'Item 42 not found',
        stack: 'at load (/app.js:1:2)',
      },
      { kind: 'pageview', id: 'p0000001', t: NOW - 4_000 },
      { kind: 'custom', id: 'c0000001', t: NOW + 60 * 60_000, name: 'chat_opened' }, // a skewed clock: counted at arrival
    ];
    // From the envelope and events as ingest had them, and again from the stored row alone.
    const derived = {
      deltas: events.flatMap((e) => deltasOf(env, e, NOW)),
      ...sessionAndErrorDeltasOf(env, events, NOW),
    };
    expect(derived.sessions).toHaveLength(5);
    expect(derived.errors).toHaveLength(1);
    expect(derivedOf(batchRowOf(env, events, NOW))).toEqual(derived);
  });

  it('makes a stored server batch’s deltas again', () => {
    const events: ServerEvent[] = [
      {
        kind: 'request',
        id: 'r0000001',
        t: NOW - 500,
        method: 'GET',
        route: '/api/:id',
        status: 503,
        duration: 41,
        country: 'DE',
      },
      {
        kind: 'db',
        id: 'd0000001',
        t: NOW - 400,
        op: 'SELECT',
        template: 'SELECT * FROM t WHERE id = ?',
        duration: 1500,
        ok: true,
        slow: true,
      },
    ];
    const ingested = serverRecordsOf({ siteId: 'site_a', service: 'tool/production' }, events, NOW);
    expect(derivedOf(ingested.batch)).toEqual({ deltas: ingested.deltas });
  });
});
