// Turns validated events into stored rows and per-minute rollup deltas. Pure.
import { rate } from '../../../shared/limits';
import type { Event } from '../../../shared/protocol';
import { binOf } from '../../../shared/sketch';
import type { BatchRow, RollupDelta, RollupKey } from '../ports';
import { fingerprintOf } from './fingerprint';
import { hashHex } from '../../../shared/hash';
import { LATE_MINUTES } from './levels';

const MINUTE = 60_000;
/**
 * Client clocks drift: event times outside this window are counted at arrival
 * instead. Late events too: older ones would land in hours already compacted.
 */
export const MAX_SKEW_FUTURE = 5 * MINUTE;
export const MAX_AGE = LATE_MINUTES * MINUTE;

/** What every event of one batch shares. */
export interface Envelope {
  siteId: string;
  session: string;
  route: string;
  platform: string;
  /** `framed` or `top` (shared/protocol.ts `frameOf`). */
  frame: string;
  device: string;
  country: string;
  /** The batch's pseudonymous user key, if it sent one. */
  user?: string;
  /** The LTI launch the page answered (core/launches.ts), if any. */
  launch?: string;
  /** The tool's release the batch named (core/releases.ts), if any. */
  release?: string;
}

/**
 * What identifies a batch: its session and its events' times and ids, in any
 * order. A retry resends a batch whole (the widget and the SDK keep a batch as
 * it was cut until the server has answered it), so a retry has the same key.
 * Two 53-bit hashes: two different batches share a key with odds of about
 * 10⁻¹¹ after 10¹¹ batches (a month at 100,000 events/s is 10⁸ batches).
 */
export function batchKey(session: string, events: { t: number; id: string }[]): string {
  // JSON strings end at their closing quote: no session or id can pass for more of the text.
  const text =
    JSON.stringify(session) +
    events
      .map((e) => `${e.t} ${JSON.stringify(e.id)}`)
      .sort()
      .join('');
  return hashHex(text) + hashHex(text, 1);
}

/** A batch as stored (its events serialised as validated), with the envelope fields a store keeps. */
export function toBatchRow(
  env: Omit<BatchRow, 'key' | 't' | 'count' | 'events' | 'receivedAt'>,
  events: { t: number; id: string }[],
  receivedAt: number,
): BatchRow {
  let t = -Infinity;
  for (const e of events) t = Math.max(t, e.t);
  return {
    ...env,
    key: batchKey(env.session, events),
    receivedAt,
    t,
    count: events.length,
    events: JSON.stringify(events),
  };
}

/** When an event is counted: its own time, unless the client clock is implausible or it is too late. */
export function trustedTime(t: number, now: number): number {
  return t > now + MAX_SKEW_FUTURE || t < now - MAX_AGE ? now : t;
}

/** The minute an event is counted in. */
export function minuteOf(t: number, now: number): number {
  return Math.floor(trustedTime(t, now) / MINUTE);
}

/** One delta: an object literal built at module level (this runs for every event ingested). */
function deltaOf(
  env: Envelope,
  event: Event,
  minute: number,
  metric: string,
  value: number,
  count = 1,
  rating: RollupDelta['rating'] = null,
  dim = '',
): RollupDelta {
  return {
    siteId: env.siteId,
    minute,
    metric,
    route: env.route,
    platform: env.platform,
    frame: env.frame,
    device: env.device,
    country: env.country,
    dim,
    eventId: event.id,
    count,
    value,
    bin: binOf(value),
    rating,
  };
}

const NAVIGATION_PHASES = ['dns', 'tcp', 'tls', 'ttfb', 'download', 'dom', 'load'] as const;

/** What one event adds to the rollups: a vital its value, a navigation its phases, others a count. */
export function deltasOf(env: Envelope, event: Event, now: number): RollupDelta[] {
  const m = minuteOf(event.t, now);
  switch (event.kind) {
    case 'vital':
      return [deltaOf(env, event, m, event.name, event.value, 1, rate(event.name, event.value))];
    case 'navigation':
      return NAVIGATION_PHASES.map((part) => deltaOf(env, event, m, `nav.${part}`, event[part]));
    case 'error':
      // dim: the error group, so top errors over any range come from rollups.
      return [deltaOf(env, event, m, 'errors', 1, event.count ?? 1, null, fingerprintOf(event).fingerprint)];
    case 'pageview':
      return [deltaOf(env, event, m, 'pageviews', 1)];
    case 'custom':
      return [deltaOf(env, event, m, `custom.${event.name}`, 1)];
    case 'resources':
      return [
        deltaOf(
          env,
          event,
          m,
          'resources.bytes',
          Object.values(event.byType).reduce((n, t) => n + t.bytes, 0),
        ),
        deltaOf(env, event, m, 'resources.failed', 1, event.failed),
      ];
    case 'longtasks':
      return [
        deltaOf(env, event, m, 'longtasks.tbt', event.totalBlockingTime),
        deltaOf(env, event, m, 'longtasks', 1, event.count),
      ];
    case 'dropped':
      return Object.entries(event.counts).map(([reason, n]) =>
        deltaOf(env, event, m, `dropped.${reason}`, 1, n),
      );
  }
}

/** A browser batch as stored: what ingest commits (the store derives the rest from it). */
export function batchRowOf(env: Envelope, events: Event[], now: number): BatchRow {
  const {
    siteId,
    session,
    route,
    platform,
    frame,
    device,
    country,
    user = '',
    launch = '',
    release = '',
  } = env;
  return toBatchRow(
    { siteId, source: 'browser', session, route, platform, frame, device, country, user, launch, release },
    events,
    now,
  );
}

/** The deltas of one commit, summed per rollup row: what a store adds in one upsert each. */
export interface RollupUpdate {
  key: RollupKey;
  count: number;
  sum: number;
  good: number;
  ni: number;
  poor: number;
  bins: Map<number, number>;
}

export function aggregateDeltas(deltas: RollupDelta[]): RollupUpdate[] {
  const updates = new Map<string, RollupUpdate>();
  for (const d of deltas) {
    const id = `${d.siteId}\u0000${d.minute}\u0000${d.metric}\u0000${d.route}\u0000${d.platform}\u0000${d.frame}\u0000${d.device}\u0000${d.country}\u0000${d.dim}`;
    let u = updates.get(id);
    if (!u) {
      const key = {
        siteId: d.siteId,
        minute: d.minute,
        metric: d.metric,
        route: d.route,
        platform: d.platform,
        frame: d.frame,
        device: d.device,
        country: d.country,
        dim: d.dim,
      };
      updates.set(id, (u = { key, count: 0, sum: 0, good: 0, ni: 0, poor: 0, bins: new Map() }));
    }
    u.count += d.count;
    u.sum += d.value * d.count;
    if (d.rating === 'good') u.good += d.count;
    else if (d.rating === 'needs-improvement') u.ni += d.count;
    else if (d.rating === 'poor') u.poor += d.count;
    u.bins.set(d.bin, (u.bins.get(d.bin) ?? 0) + d.count);
  }
  return [...updates.values()];
}
