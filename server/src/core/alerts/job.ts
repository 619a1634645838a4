// The scheduler jobs of alerting (Node's scheduler; the Worker's cron calls
// runAlerting once a minute): evaluate every `everyMs`, then deliver; deliver
// retries more often than that, so a Retry-After of a few seconds is honoured.
import type { Job } from '../scheduler';
import { deliverDue, type DeliverDeps } from './deliver';
import { evaluateAlerts, type AlertEngineDeps, type EvaluationSummary } from './evaluate';

export type AlertingDeps = AlertEngineDeps & Omit<DeliverDeps, 'store' | 'clock'>;

/** One evaluation followed by a delivery round. */
export async function runAlerting(deps: AlertingDeps, signal?: AbortSignal): Promise<EvaluationSummary> {
  const summary = await evaluateAlerts(deps);
  await deliverDue(deps, signal);
  return summary;
}

export function createAlertJobs(
  deps: AlertingDeps,
  opts: { evalEveryMs?: number; deliverEveryMs?: number; onEvaluated?: (s: EvaluationSummary) => void } = {},
): Job[] {
  return [
    {
      name: 'alerts-evaluate',
      everyMs: opts.evalEveryMs ?? 30_000,
      run: async (signal) => {
        const summary = await runAlerting(deps, signal);
        opts.onEvaluated?.(summary);
      },
    },
    {
      name: 'alerts-deliver',
      everyMs: opts.deliverEveryMs ?? 2_000,
      run: async (signal) => void (await deliverDue(deps, signal)),
    },
  ];
}
