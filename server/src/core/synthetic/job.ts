// The scheduler job that runs synthetic checks: claim the due ones, run them a
// few at a time, store each run with the state it leads to.
import type { CheckRun, Clock, HttpProbe, Store } from '../../ports';
import type { Job } from '../scheduler';
import type { AddressPolicy } from './guard';
import { runCheck } from './run';
import { nextState } from './state';

/** Runs are kept this long (uptime ranges reach back 90 days). */
export const RUN_RETENTION_MS = 90 * 86_400_000;

export interface CheckJobDeps {
  store: Store;
  clock: Clock;
  probe: HttpProbe;
  policy: AddressPolicy;
  /** Checks run at once (Gatus runs 3). */
  concurrency?: number;
}

/**
 * Runs every check due now and records the runs. A run cut short by `signal`
 * (shutdown) is not recorded: it says nothing about the target.
 */
export async function runDueChecks(deps: CheckJobDeps, signal?: AbortSignal): Promise<CheckRun[]> {
  const due = await deps.store.claimDueChecks(deps.clock());
  const runs: CheckRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < due.length && !signal?.aborted) {
      const { check, state } = due[next++];
      const run = await runCheck(check, {
        probe: deps.probe,
        policy: deps.policy,
        clock: deps.clock,
        signal,
      });
      if (signal?.aborted) return;
      await deps.store.recordCheckRun(run, nextState(state, run), run.at - RUN_RETENTION_MS);
      runs.push(run);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 4, due.length) }, worker));
  return runs;
}

/** The job for a scheduler: looks for due checks every `everyMs` (default 5 s; intervals are ≥ 30 s). */
export function createCheckJob(deps: CheckJobDeps, everyMs = 5_000): Job {
  return {
    name: 'synthetic-checks',
    everyMs,
    run: async (signal) => void (await runDueChecks(deps, signal)),
  };
}
