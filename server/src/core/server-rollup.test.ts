import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../shared/server-protocol';
import { serverDeltasOf, serverRecordsOf } from './server-rollup';

const now = Date.UTC(2026, 10, 27, 12);
const t = now - 90_000;
const env = { siteId: 'site_1', service: 'atomic-guide/production' };
const deltas = (event: ServerEvent) =>
  serverDeltasOf(env, event, now).map(({ metric, route, dim, country, value, count }) => ({
    metric,
    route,
    dim,
    country,
    value,
    count,
  }));

describe('serverDeltasOf', () => {
  it('puts requests under METHOD /pattern with their status class and country', () => {
    expect(
      deltas({
        kind: 'request',
        id: 'r1234567',
        t,
        method: 'POST',
        route: '/lti/launch',
        status: 302,
        duration: 41,
        country: 'DE',
      }),
    ).toEqual([
      {
        metric: 'request.duration',
        route: 'POST /lti/launch',
        dim: '3xx',
        country: 'DE',
        value: 41,
        count: 1,
      },
    ]);
  });

  it('counts a failed slow query in db.duration, db.errors and db.slow', () => {
    expect(
      deltas({
        kind: 'db',
        id: 'd1234567',
        t,
        op: 'UPDATE',
        template: 'UPDATE g SET s = ?',
        duration: 1200,
        ok: false,
        errorKind: 'connection',
        slow: true,
      }),
    ).toEqual([
      {
        metric: 'db.duration',
        route: 'UPDATE',
        dim: 'UPDATE g SET s = ?',
        country: '',
        value: 1200,
        count: 1,
      },
      { metric: 'db.errors', route: 'UPDATE', dim: 'connection', country: '', value: 1, count: 1 },
      { metric: 'db.slow', route: 'UPDATE', dim: 'UPDATE g SET s = ?', country: '', value: 1200, count: 1 },
    ]);
  });

  it('keys LTI events by action (deep links by stage), ok/failed and platform', () => {
    expect(
      deltas({
        kind: 'lti',
        id: 'l1234567',
        t,
        action: 'grade',
        ok: false,
        platform: 'moodle.example.edu',
        errorKind: 'auth',
      }),
    ).toEqual([
      { metric: 'lti.grade', route: 'failed', dim: 'moodle.example.edu', country: '', value: 0, count: 1 },
    ]);
    expect(
      deltas({
        kind: 'lti',
        id: 'l1234568',
        t,
        action: 'deep_link',
        ok: true,
        duration: 12,
        platform: 'canvas.instructure.com',
        stage: 'used',
      })[0].metric,
    ).toBe('lti.deep_link.used');
  });

  it('counts features (FAQ hit or miss), log lines by level and the SDK’s own loss', () => {
    expect(deltas({ kind: 'feature', id: 'f1234567', t, name: 'faq_query', hit: true })).toEqual([
      { metric: 'feature.faq_query', route: '', dim: 'hit', country: '', value: 1, count: 1 },
    ]);
    expect(
      deltas({ kind: 'feature', id: 'f1234568', t, name: 'assessment_completed', duration: 600_000 })[0],
    ).toMatchObject({ dim: '', value: 600_000 });
    expect(deltas({ kind: 'log', id: 'g1234567', t, level: 'warn', message: 'x' })[0]).toMatchObject({
      metric: 'log.warn',
      count: 1,
    });
    expect(deltas({ kind: 'dropped', id: 'x1234567', t, counts: { overflow: 40 } })).toEqual([
      { metric: 'sdk.dropped.overflow', route: '', dim: '', country: '', value: 1, count: 40 },
    ]);
  });

  it('counts in the event’s minute, and keeps the raw batch as the server’s, under its service', () => {
    const event: ServerEvent = { kind: 'log', id: 'g1234568', t, level: 'info', message: 'hi' };
    expect(serverDeltasOf(env, event, now)[0].minute).toBe(Math.floor(t / 60_000));
    expect(serverRecordsOf(env, [event], now).batch).toMatchObject({
      source: 'server',
      session: 'atomic-guide/production',
      receivedAt: now,
      t,
      count: 1,
      events: JSON.stringify([event]),
    });
  });
});
