// An LTI launch timed end to end, from the OIDC login initiation reaching the tool
// to the launch page's largest paint. Its parts arrive apart and share a key (a hash
// of the launch's `state`, server-sdk/lti.ts): the SDK's `login` and `launch` events,
// and the launch page's vitals (its batches carry the key from the page's
// Server-Timing). The store joins them by key (table `launches`); `foldLaunches`
// then adds each launch's stages to the rollups once: when whole (`isWhole`), or a
// grace period after its first part, with what came. Pure but for `foldLaunches`, which drives a store.
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { binOf } from '../../../shared/sketch';
import type { LaunchPart, LaunchRow, LaunchStore, RollupDelta } from '../ports';
import { minuteOf } from './rollup';

/**
 * The stages, in order, each in ms (`launch.<stage>` rollup metrics, platform = issuer
 * host, dim = placement, route = the launch's route); their sum is `launch.total`:
 * - `login`: the tool answering the login initiation (its redirect to the platform);
 * - `platform`: the LMS authenticating the user and posting the launch back;
 * - `tool`: the tool answering the launch request;
 * - `network`: the rest of the page's time to first byte (request and response in transit);
 * - `render`: first byte to the largest contentful paint.
 */
export const LAUNCH_STAGES = ['login', 'platform', 'tool', 'network', 'render'] as const;
export type LaunchStage = (typeof LAUNCH_STAGES)[number];

/** Besides the stages: the whole, and the page's first paint and interaction latency (INP). */
export const LAUNCH_METRICS = [...LAUNCH_STAGES, 'total', 'fcp', 'inp'] as const;
export type LaunchMetric = (typeof LAUNCH_METRICS)[number];

/** A launch still missing parts this long after its first is folded with what it has. */
export const LAUNCH_GRACE = 10 * 60_000;
/** Folded launches are kept this long (a late part finds its launch folded and adds nothing). */
export const LAUNCH_KEPT = 2 * 86_400_000;

/** The SDK's login and launch events that carry a key, as parts. */
export function serverLaunchParts(siteId: string, events: ServerEvent[], seenAt: number): LaunchPart[] {
  const parts: LaunchPart[] = [];
  for (const e of events) {
    if (e.kind !== 'lti' || !e.launch) continue;
    const part: LaunchPart = { siteId, key: e.launch, seenAt, platform: e.platform };
    if (e.action === 'login') {
      part.loginAt = e.t;
      part.loginMs = e.duration ?? 0;
    } else if (e.action === 'launch') {
      Object.assign(part, { launchAt: e.t, launchMs: e.duration ?? 0, ok: e.ok });
      if (e.placement) part.placement = e.placement;
      if (e.route) part.route = e.route;
    } else continue;
    parts.push(part);
  }
  return parts;
}

const PAGE_VITALS = { TTFB: 'ttfb', FCP: 'fcp', LCP: 'lcp', INP: 'inp' } as const;

/** A launch page's batch as a part: the first of each of its vitals. None without vitals. */
export function browserLaunchPart(
  siteId: string,
  key: string,
  events: Event[],
  seenAt: number,
): LaunchPart | undefined {
  const part: LaunchPart = { siteId, key, seenAt };
  let found = false;
  for (const e of events) {
    const field = e.kind === 'vital' && PAGE_VITALS[e.name as keyof typeof PAGE_VITALS];
    if (field && part[field] === undefined) {
      part[field] = e.value;
      found = true;
    }
  }
  return found ? part : undefined;
}

/**
 * Whether a launch has what its total needs: login, launch and the page's LCP. Its INP
 * comes only with an interaction (often never, or when the page is left): it counts if
 * it came by then.
 */
export const isWhole = (l: LaunchRow) => l.loginAt !== null && l.launchAt !== null && l.lcp !== null;

/** A launch's stages and metrics (ms), each where its parts arrived. */
export function launchTimes(l: LaunchRow): Partial<Record<LaunchMetric, number>> {
  const t: Partial<Record<LaunchMetric, number>> = {};
  if (l.loginMs !== null) t.login = l.loginMs;
  if (l.loginAt !== null && l.loginMs !== null && l.launchAt !== null)
    t.platform = Math.max(0, l.launchAt - l.loginAt - l.loginMs);
  if (l.launchMs !== null) t.tool = l.launchMs;
  // The page's TTFB (navigation start → first byte) holds the tool's time and the transit.
  if (l.ttfb !== null && l.launchMs !== null) t.network = Math.max(0, l.ttfb - l.launchMs);
  if (l.lcp !== null && l.ttfb !== null) t.render = Math.max(0, l.lcp - l.ttfb);
  if (LAUNCH_STAGES.every((s) => t[s] !== undefined))
    t.total = LAUNCH_STAGES.reduce((sum, s) => sum + t[s]!, 0);
  if (l.fcp !== null) t.fcp = l.fcp;
  if (l.inp !== null) t.inp = l.inp;
  return t;
}

/** A launch's rollup deltas, counted at its login (or launch, or first part) time. */
export function launchDeltasOf(l: LaunchRow, now: number): RollupDelta[] {
  const minute = minuteOf(l.loginAt ?? l.launchAt ?? l.firstSeen, now);
  return Object.entries(launchTimes(l)).map(([metric, value]) => ({
    siteId: l.siteId,
    minute,
    metric: `launch.${metric}`,
    route: l.route ?? '',
    platform: l.platform ?? '',
    frame: '',
    device: '',
    country: '',
    dim: l.placement ?? '',
    eventId: l.key,
    count: 1,
    value,
    bin: binOf(value),
    rating: null,
  }));
}

/** Folds every due launch into the rollups, `batch` at a time, and forgets old folded ones. Returns how many it folded. */
export async function foldLaunches(store: LaunchStore, now: number, batch = 500): Promise<number> {
  let folded = 0;
  for (;;) {
    const due = await store.dueLaunches(now - LAUNCH_GRACE, batch);
    // Run with none due too: it forgets launches folded long ago.
    await store.foldLaunches(
      due,
      due.flatMap((l) => launchDeltasOf(l, now)),
      now,
      now - LAUNCH_KEPT,
    );
    folded += due.length;
    if (due.length < batch) return folded;
  }
}
