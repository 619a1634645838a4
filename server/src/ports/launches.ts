// LTI launches timed end to end: the parts that arrive apart (the server SDK's login
// and launch events, the launch page's vitals) joined by key, then folded into the
// rollups once (core/launches.ts).
import type { LaunchRow, RollupDelta } from './ingest';

export interface LaunchStore {
  /**
   * Launches not yet folded that are whole (login, launch and the page's LCP arrived,
   * core/launches.ts `isWhole`) or whose first part arrived before `before`, oldest
   * first, at most `limit`.
   */
  dueLaunches(before: number, limit: number): Promise<LaunchRow[]>;
  /**
   * Adds the rollup deltas of these launches (core/launches.ts `launchDeltasOf`) and marks
   * them folded, in one transaction; a launch folded already adds nothing. Removes
   * launches folded before `forgetBefore`.
   */
  foldLaunches(
    launches: Pick<LaunchRow, 'siteId' | 'key'>[],
    deltas: RollupDelta[],
    now: number,
    forgetBefore: number,
  ): Promise<void>;
}
