import { describe, expect, it } from 'vitest';
import type { CheckRun, CheckState } from '../../ports';
import { initialState, nextState } from './state';

/** Runs a check every minute on a fake clock and keeps every state. */
function drive(outcomes: string) {
  let now = Date.UTC(2026, 10, 27, 12, 0);
  let state: CheckState = initialState('c1', now);
  const states: CheckState[] = [];
  for (const o of outcomes) {
    const run: CheckRun = {
      checkId: 'c1',
      at: now,
      ok: o === '+',
      status: o === '+' ? 200 : 503,
      latencyMs: 12,
      error: o === '+' ? null : 'status 503',
    };
    state = nextState(state, run);
    states.push(state);
    now += 60_000;
  }
  return states;
}

const statuses = (outcomes: string) =>
  drive(outcomes)
    .map((s) => ({ unknown: '?', up: 'U', down: 'D' })[s.status])
    .join('');

describe('check state: DOWN after 3 failures in a row, UP after 2 successes', () => {
  it('a new check is unknown until it succeeds once or fails 3 times', () => {
    expect(drive('').length).toBe(0);
    expect(drive('+').at(-1)!.status).toBe('up');
    expect(drive('--').at(-1)!.status).toBe('unknown');
    expect(drive('---').at(-1)!.status).toBe('down');
  });

  it('one or two failures do not make an UP check DOWN', () => {
    expect(drive('+-').map((s) => s.status)).toEqual(['up', 'up']);
    expect(drive('+--+--+').every((s) => s.status === 'up')).toBe(true);
    expect(drive('+---').map((s) => s.status)).toEqual(['up', 'up', 'up', 'down']);
  });

  it('one success does not make a DOWN check UP; two in a row do', () => {
    expect(statuses('+---+-++')).toBe('UUUDDDDU');
    expect(statuses('---++')).toBe('??DDU');
  });

  it('counts runs in a row and stamps when the status changed', () => {
    const t0 = Date.UTC(2026, 10, 27, 12, 0);
    const states = drive('+---++');
    expect(states.map((s) => [s.consecutiveFailures, s.consecutiveSuccesses])).toEqual([
      [0, 1],
      [1, 0],
      [2, 0],
      [3, 0],
      [0, 1],
      [0, 2],
    ]);
    expect(states[0].since).toBe(t0); // unknown → up at the first run
    expect(states[2].since).toBe(t0);
    expect(states[3].since).toBe(t0 + 3 * 60_000); // down at the third failure
    expect(states[4].since).toBe(t0 + 3 * 60_000);
    expect(states[5].since).toBe(t0 + 5 * 60_000); // up at the second success
    expect(states[5].lastRun).toEqual({
      at: t0 + 5 * 60_000,
      ok: true,
      status: 200,
      latencyMs: 12,
      error: null,
    });
  });

  it('keeps counting failures while DOWN (an evaluator can page at N)', () => {
    const last = drive('----------').at(-1)!;
    expect(last).toMatchObject({ status: 'down', consecutiveFailures: 10, consecutiveSuccesses: 0 });
    expect(statuses('---+-+')).toBe('??DDDD');
  });
});
