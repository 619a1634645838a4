// Alerting as a runtime wires it: the defaults installed, the rules file loaded,
// and the scheduler jobs (Node) or one run per cron tick (Worker).
import type { Clock, Notify, Store } from '../../ports';
import type { Job } from '../scheduler';
import type { AddressPolicy } from '../synthetic/guard';
import { installDefaults, loadRulesFile } from './config';
import { createAlertJobs, runAlerting } from './job';

export interface AlertingEnv {
  /** Evaluation interval, ms (default 30,000). */
  SIGHTLINE_EVAL_INTERVAL_MS?: string;
  /** Delivery retry interval, ms (default 2,000). */
  SIGHTLINE_DELIVERY_INTERVAL_MS?: string;
  /** Where links in notifications point (default: the server's own address). */
  SIGHTLINE_PUBLIC_URL?: string;
}

export interface AlertingSetup {
  jobs: Job[];
  /** Notifications waiting to be delivered, for /health. */
  queue: () => Promise<number>;
  /** Rules and channels the rules file defined, for the start-up banner. */
  loaded: { rules: string[]; channels: string[] } | null;
}

export async function setupAlerting(
  store: Store,
  clock: Clock,
  opts: {
    env: AlertingEnv;
    notify: Notify;
    externalUrl: string;
    rulesFile?: { name: string; text: string };
    /** The outbound address policy: the rules file's channels are refused at load by it. */
    policy?: AddressPolicy;
    backlog?: () => number | Promise<number>;
  },
): Promise<AlertingSetup> {
  const loaded = opts.rulesFile
    ? await loadRulesFile(store, clock, opts.rulesFile.text, opts.rulesFile.name, opts.policy)
    : (await installDefaults(store, clock), null);
  const evalEveryMs = Math.max(1_000, Number(opts.env.SIGHTLINE_EVAL_INTERVAL_MS ?? 30_000) || 30_000);
  const deliverEveryMs = Math.max(500, Number(opts.env.SIGHTLINE_DELIVERY_INTERVAL_MS ?? 2_000) || 2_000);
  const deps = {
    store,
    clock,
    notify: opts.notify,
    backlog: opts.backlog,
    externalUrl: (opts.env.SIGHTLINE_PUBLIC_URL ?? opts.externalUrl).replace(/\/+$/, ''),
  };
  return {
    jobs: createAlertJobs(deps, { evalEveryMs, deliverEveryMs }),
    queue: () => store.pendingNotifications(),
    loaded,
  };
}

let defaultsInstalled: Promise<void> | undefined;

/** The Worker's cron: defaults once per isolate, then one evaluation and a delivery round. */
export async function runAlertingOnce(
  store: Store,
  clock: Clock,
  notify: Notify,
  externalUrl: string,
): Promise<void> {
  defaultsInstalled ??= installDefaults(store, clock).catch((e) => {
    defaultsInstalled = undefined;
    throw e;
  });
  await defaultsInstalled;
  await runAlerting({ store, clock, notify, externalUrl });
}
