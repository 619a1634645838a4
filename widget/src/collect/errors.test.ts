// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { Event as SightlineEvent } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { createErrorCollector, toErrorDetails } from './errors';

const details = (message: string) => ({
  kind: 'error' as const,
  type: 'error' as const,
  message,
  source: 'https://tool.example/app.js',
  line: 3,
  col: 7,
});

function collector(max?: number) {
  const events: SightlineEvent[] = [];
  const onRepeat = vi.fn();
  return { events, onRepeat, errors: createErrorCollector((e) => events.push(e), onRepeat, max) };
}

describe('createErrorCollector', () => {
  it('sends the first occurrence at once and counts repeats into one event per flush', () => {
    const { events, onRepeat, errors } = collector();
    for (let i = 0; i < 5; i++) errors.capture(details('boom'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ...details('boom'), count: 1 });
    expect(onRepeat).toHaveBeenCalledTimes(4);

    errors.flushCounts();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ ...details('boom'), count: 4 });
    expect(events[1]!.id).not.toBe(events[0]!.id);

    errors.flushCounts(); // nothing new since
    expect(events).toHaveLength(2);
  });

  it('keeps distinct errors apart', () => {
    const { events, errors } = collector();
    errors.capture(details('a'));
    errors.capture(details('b'));
    errors.capture({ ...details('a'), line: 4 });
    expect(events.map((e) => (e as { message: string }).message)).toEqual(['a', 'b', 'a']);
  });

  it('caps distinct errors per page, counting each one dropped over the cap', () => {
    const events: SightlineEvent[] = [];
    const onCap = vi.fn();
    const errors = createErrorCollector(
      (e) => events.push(e),
      () => {},
      3,
      onCap,
    );
    for (let i = 0; i < 10; i++) errors.capture(details(`e${i}`));
    expect(events).toHaveLength(3);
    expect(onCap).toHaveBeenCalledTimes(7);
  });
});

describe('toErrorDetails', () => {
  it('reads an uncaught error event, dropping the query from its source', () => {
    const error = new Error('bad');
    const event = new ErrorEvent('error', {
      message: 'Uncaught Error: bad',
      filename: 'https://tool.example/app.js?v=3#x',
      lineno: 10,
      colno: 5,
      error,
    });
    expect(toErrorDetails(event)).toEqual({
      kind: 'error',
      type: 'error',
      message: 'Uncaught Error: bad',
      stack: error.stack,
      source: 'https://tool.example/app.js',
      line: 10,
      col: 5,
    });
  });

  it('reads rejections with errors, strings and objects without toString', () => {
    const rejection = (reason: unknown) => {
      const event = new Event('unhandledrejection') as Event & { reason?: unknown };
      Object.defineProperty(event, 'reason', { value: reason });
      return toErrorDetails(event as unknown as globalThis.Event);
    };
    expect(rejection(new TypeError('nope'))).toMatchObject({ type: 'rejection', message: 'nope' });
    expect(rejection('plain')).toMatchObject({ type: 'rejection', message: 'plain', stack: undefined });
    expect(rejection(Object.create(null))).toMatchObject({
      type: 'rejection',
      message: 'unhandledrejection',
    });
    expect(rejection(undefined)).toMatchObject({ message: 'unhandledrejection' });
  });

  it("removes query strings from URLs in message and stack: an inline script's frame names the launch URL", () => {
    const error = new Error('x');
    error.stack =
      'Error: x\n    at launch (https://tool.example/lti/launch?id_token=eyJhbGciOi.e30.sig&state=s1:12:9)';
    const out = toErrorDetails(
      new ErrorEvent('error', {
        message: 'Uncaught Error: failed https://api.example/v1?login_hint=u7',
        error,
      }),
    );
    expect(out.message).toBe('Uncaught Error: failed https://api.example/v1');
    expect(out.stack).toBe('Error: x\n    at launch (https://tool.example/lti/launch:12:9)');
  });

  it('truncates message and stack to the protocol limits', () => {
    const error = new Error('x');
    error.stack = 's'.repeat(LIMITS.maxStackLength * 2);
    const out = toErrorDetails(new ErrorEvent('error', { message: 'm'.repeat(5_000), error }));
    expect(out.message).toHaveLength(LIMITS.maxStringLength);
    expect(out.stack).toHaveLength(LIMITS.maxStackLength);
  });
});
