// A check's up/down state, from its runs: DOWN after 3 failures in a row, UP
// again after 2 successes in a row (Gatus' failure-threshold / success-threshold).
// One failed run is not an outage; one good run after an outage is not a recovery.
import type { CheckRun, CheckState } from '../../ports';

export interface Thresholds {
  /** Failures in a row that make a check DOWN. */
  failures: number;
  /** Successes in a row that make a DOWN check UP again. */
  successes: number;
}

export const THRESHOLDS: Thresholds = { failures: 3, successes: 2 };

/** The state of a check that has not run yet. */
export function initialState(checkId: string, nextRunAt: number): CheckState {
  return {
    checkId,
    status: 'unknown',
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    since: null,
    lastRun: null,
    nextRunAt,
  };
}

/**
 * The state after one more run. A new check is UP at its first success (there
 * is no outage to recover from) and DOWN only after `failures` failures in a row.
 */
export function nextState(prev: CheckState, run: CheckRun, t: Thresholds = THRESHOLDS): CheckState {
  const consecutiveFailures = run.ok ? 0 : prev.consecutiveFailures + 1;
  const consecutiveSuccesses = run.ok ? prev.consecutiveSuccesses + 1 : 0;
  let status = prev.status;
  if (!run.ok && consecutiveFailures >= t.failures) status = 'down';
  else if (run.ok && (prev.status === 'unknown' || consecutiveSuccesses >= t.successes)) status = 'up';
  const { checkId: _, ...lastRun } = run;
  return {
    ...prev,
    status,
    consecutiveFailures,
    consecutiveSuccesses,
    since: status === prev.status ? prev.since : run.at,
    lastRun,
  };
}
