import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../shared/server-protocol';
import { dayOf, logLinesOf } from './logs';

const T = Date.UTC(2026, 10, 27, 12, 0);
const env = { siteId: 'site_a', service: 'tool/production', release: '2.0.1' };
const request = (id: string, fields: object) =>
  ({
    kind: 'request',
    id,
    t: T,
    method: 'POST',
    route: '/api/videos/:id',
    status: 500,
    duration: 12,
    ...fields,
  }) as ServerEvent;

describe('logLinesOf', () => {
  it('keeps each line with its batch’s release and service, and a failed request’s error as a line of its own', () => {
    const events: ServerEvent[] = [
      { kind: 'log', id: 'l-1', t: T - 5, level: 'info', message: 'Upload received', requestId: 'req-1' },
      request('r-1', { error: 'Error: disk full', requestId: 'req-2' }),
      request('r-2', { status: 200 }),
    ];
    const logs = logLinesOf(env, events, T + 1_000)!;
    expect(logs).toMatchObject({ siteId: 'site_a', day: dayOf(T), cap: 50_000_000 });
    expect(
      logs.lines.map((l) => [l.id, l.level, l.message, l.requestId, l.route, l.context, l.release]),
    ).toEqual([
      ['l-1', 'info', 'Upload received', 'req-1', '', '', '2.0.1'],
      [
        'r-1.error',
        'error',
        'Error: disk full',
        'req-2',
        '/api/videos/:id',
        '{"method":"POST","status":500}',
        '2.0.1',
      ],
    ]);
    expect(logs.lines[0].bytes).toBe(64 + 'Upload received'.length);
  });

  it('adds no line for a failed request whose exception a line of the batch already reports', () => {
    const events: ServerEvent[] = [
      {
        kind: 'log',
        id: 'l-1',
        t: T,
        level: 'error',
        message: 'Error: disk full',
        requestId: 'req-2',
        exception: {
          type: 'Error',
          message: 'disk full',
          stack: 'Error: disk full\n    at save (/app/src/store.ts:1:1)',
        },
      },
      request('r-1', { error: 'Error: disk full', requestId: 'req-2' }),
    ];
    const [line] = logLinesOf(env, events, T)!.lines;
    expect(logLinesOf(env, events, T)!.lines).toHaveLength(1);
    expect(line).toMatchObject({ type: 'Error', title: 'disk full', frame: 'save (/app/src/store.ts)' });
    expect(logLinesOf(env, [request('r-2', { status: 200 })], T)).toBeUndefined();
  });
});
