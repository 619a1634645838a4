import { describe, expect, it, vi } from 'vitest';
import { boundRecord } from './events';
import { featureEvent } from './feature';
import { consoleOf, createLogger, logLine, type LogLine } from './logger';

describe('createLogger', () => {
  it('emits info, warn and error lines with their context; debug only when asked', () => {
    const lines: LogLine[] = [];
    const logger = createLogger((l) => lines.push(l));
    logger.debug('cache miss');
    logger.info('Chat message sent', { messageId: 'msg456', length: 42 });
    logger.warn('slow NRPS', { ms: 2300 });
    logger.error('Failed to process video', { videoId: 'vid789', error: new Error('ffmpeg exited 1') });
    expect(lines).toEqual([
      { level: 'info', message: 'Chat message sent', context: { messageId: 'msg456', length: 42 } },
      { level: 'warn', message: 'slow NRPS', context: { ms: 2300 } },
      {
        level: 'error',
        message: 'Failed to process video',
        context: { videoId: 'vid789', error: 'Error: ffmpeg exited 1' },
        // The Error also travels whole, as the line's exception: the server groups it.
        exception: {
          type: 'Error',
          message: 'ffmpeg exited 1',
          stack: expect.stringContaining('logger.test.ts'),
        },
      },
    ]);
    const debug: LogLine[] = [];
    createLogger((l) => debug.push(l), { level: 'debug' }).debug('cache miss');
    expect(debug).toEqual([{ level: 'debug', message: 'cache miss' }]);
  });

  it('child loggers add their context to every line; a line’s own keys win', () => {
    const lines: LogLine[] = [];
    const request = createLogger((l) => lines.push(l)).child({ requestId: 'r-1', feature: 'chat' });
    request.child({ userId: 'u-9' }).info('sent', { feature: 'faq' });
    expect(lines).toEqual([
      { level: 'info', message: 'sent', context: { requestId: 'r-1', feature: 'faq', userId: 'u-9' } },
    ]);
  });

  it('echoes JSON lines to the console when asked', () => {
    const log = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    createLogger(
      () => undefined,
      { console: true },
      { requestId: 'r-2' },
      () => Date.UTC(2026, 10, 27),
    ).warn('hm');
    expect(JSON.parse(log.mock.calls[0][0])).toEqual({
      time: '2026-11-27T00:00:00.000Z',
      level: 'warn',
      message: 'hm',
      requestId: 'r-2',
    });
    log.mockRestore();
  });

  it('never throws, whatever it is given', () => {
    const logger = createLogger(() => {
      throw new Error('full');
    });
    expect(() => logger.error('x', { a: 1 })).not.toThrow();
  });
});

describe('bounding', () => {
  it('keeps context flat and bounded: 20 keys, long strings cut, objects as JSON, cycles and functions dropped', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bounded = boundRecord(
      {
        a: 'x'.repeat(2_000),
        b: { nested: [1, 2] },
        c: cyclic,
        d: () => 1,
        e: undefined,
        f: null,
        g: Infinity,
        h: 10n,
      },
      1_024,
    )!;
    expect(bounded.a).toHaveLength(1_024);
    expect(bounded).toMatchObject({ b: '{"nested":[1,2]}', f: null, h: '10' });
    expect(Object.keys(bounded)).toEqual(['a', 'b', 'f', 'h']);
    expect(
      Object.keys(boundRecord(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])), 64)!),
    ).toHaveLength(20);
    expect(logLine('info', 'm'.repeat(5_000)).message).toHaveLength(1_024);
  });

  it('builds feature events with bounded props, duration and FAQ hit', () => {
    expect(
      featureEvent('faq_query', {
        hit: false,
        duration: 85.555,
        props: { source: 'kb', empty: null, long: 'y'.repeat(300) },
      }),
    ).toEqual({
      kind: 'feature',
      name: 'faq_query',
      hit: false,
      duration: 85.56,
      props: { source: 'kb', long: `${'y'.repeat(255)}…` },
    });
    expect(featureEvent('assessment_completed', { duration: -3 })).toEqual({
      kind: 'feature',
      name: 'assessment_completed',
      duration: 0,
    });
  });
});

describe('consoleOf', () => {
  it('joins console-style arguments into the message; the first Error is the exception', () => {
    const lines: LogLine[] = [];
    const console = consoleOf(createLogger((l) => lines.push(l)));
    console.log('served', 42, { route: '/api/x' });
    const error = new RangeError('course 1234 not found');
    console.error('Failed to process video', error);
    console.debug('hidden below info');
    expect(lines).toEqual([
      { level: 'info', message: 'served 42 {"route":"/api/x"}' },
      {
        level: 'error',
        message: 'Failed to process video RangeError: course 1234 not found',
        context: { error: 'RangeError: course 1234 not found' },
        exception: { type: 'RangeError', message: 'course 1234 not found', stack: expect.any(String) },
      },
    ]);
  });
});
