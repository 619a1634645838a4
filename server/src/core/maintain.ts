// Maintenance: fold whole LTI launches into the rollups (core/launches.ts), compact
// complete hours and days, then apply retention. The Node
// runtime runs it every minute, the Worker from a cron trigger. Safe to run at
// any time and more than once: compaction recomputes whole periods.
import type { PruneResult, Store } from '../ports';
import { dayOf } from './daily-user';
import { foldLaunches } from './launches';
import {
  DAY,
  DEFAULT_RETENTION,
  planCompaction,
  planPrune,
  toLevels,
  type CompactionPlan,
  type Retention,
} from './levels';

export interface MaintainOptions {
  retention?: Retention;
  /** At most this many minutes of each level compacted per run, so a long backlog is worked off in steps. */
  maxSpan?: number;
}

export interface MaintainReport {
  /** LTI launches folded into the rollups. */
  launches: number;
  compacted: CompactionPlan[];
  pruned: PruneResult;
}

export async function maintain(
  store: Store,
  now: number,
  options: MaintainOptions = {},
): Promise<MaintainReport> {
  const nowMinute = Math.floor(now / 60_000);
  // First, so the minute rows it adds are compacted with the rest.
  const launches = await foldLaunches(store, now);
  const compacted: CompactionPlan[] = [];
  // Hours first: days are summed from complete hours.
  for (const res of [60, 1440] as const) {
    const plan = planCompaction(
      res,
      nowMinute,
      toLevels(await store.rollupLevels()),
      options.maxSpan ?? (res === 60 ? DAY : 7 * DAY),
    );
    if (!plan) continue;
    await store.compactRollups(plan.from, plan.res, plan.fromBucket, plan.toBucket);
    compacted.push(plan);
  }
  const levels = toLevels(await store.rollupLevels());
  const retention = options.retention ?? DEFAULT_RETENTION;
  const pruned = await store.prune(planPrune(now, levels, retention));
  // A release's figures are day-level: kept as long as the day rollups.
  await store.pruneReleases(now - retention.day * DAY * 60_000);
  // Yesterday's salt is gone: no rotating anonymous user of a past day can be made again.
  await store.forgetSalts(dayOf(now));
  return { launches, compacted, pruned };
}

/**
 * Runs `maintain` every `everyMs` (default one minute) without overlapping
 * runs; failures go to `onError` and the next run tries again. Returns a stop
 * function. The timer does not keep the process alive.
 */
export function scheduleMaintenance(
  store: Store,
  clock: () => number,
  options: MaintainOptions & { everyMs?: number; onError?: (e: unknown) => void } = {},
) {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await maintain(store, clock(), options);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, options.everyMs ?? 60_000);
  (timer as { unref?: () => void }).unref?.();
  return { run, stop: () => clearInterval(timer) };
}
