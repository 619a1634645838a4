// What a batch adds besides rollups: its session's span, page views and
// features, and the error groups of its errors. Pure.
import type { Event } from '../../../shared/protocol';
import type { ErrorDelta, ErrorGroupFields, SessionDelta } from '../ports';
import { fingerprintOf } from './fingerprint';
import { hllPoint } from './hll';
import { trustedTime, type Envelope } from './rollup';

/** The longest sample stack an error group keeps. */
const MAX_STACK = 4_096;

/** A batch's session deltas (one per event) and error deltas (one per error event). */
export function sessionAndErrorDeltasOf(
  env: Envelope,
  events: Event[],
  now: number,
): { sessions: SessionDelta[]; errors: ErrorDelta[] } {
  const sessions: SessionDelta[] = [];
  const errors: ErrorDelta[] = [];
  const user = env.user ?? '';
  const point = env.session ? hllPoint(env.session) : { reg: 0, rho: 0 };
  for (const event of events) {
    const t = trustedTime(event.t, now);
    if (env.session) {
      const delta: SessionDelta = {
        siteId: env.siteId,
        session: env.session,
        user,
        t,
        pageview: event.kind === 'pageview',
      };
      if (event.kind === 'custom') delta.feature = event.name;
      sessions.push(delta);
    }
    if (event.kind === 'error') {
      const { fingerprint, title, frame } = fingerprintOf(event);
      errors.push({
        siteId: env.siteId,
        fingerprint,
        type: event.type,
        title,
        message: event.message,
        frame,
        stack: (event.stack ?? '').slice(0, MAX_STACK),
        route: env.route,
        t,
        count: event.count ?? 1,
        ...point,
      });
    }
  }
  return { sessions, errors };
}

/** A session's deltas of one commit, summed: what a store upserts. */
export interface SessionUpdate {
  siteId: string;
  session: string;
  user: string;
  firstT: number;
  lastT: number;
  pageviews: number;
  events: number;
  /** Feature name → uses. */
  features: Map<string, number>;
}

export function aggregateSessions(deltas: SessionDelta[]): SessionUpdate[] {
  const updates = new Map<string, SessionUpdate>();
  for (const d of deltas) {
    const id = `${d.siteId}\u0000${d.session}`;
    let u = updates.get(id);
    if (!u)
      updates.set(
        id,
        (u = {
          siteId: d.siteId,
          session: d.session,
          user: d.user,
          firstT: d.t,
          lastT: d.t,
          pageviews: 0,
          events: 0,
          features: new Map(),
        }),
      );
    u.user ||= d.user;
    u.firstT = Math.min(u.firstT, d.t);
    u.lastT = Math.max(u.lastT, d.t);
    u.events++;
    if (d.pageview) u.pageviews++;
    if (d.feature) u.features.set(d.feature, (u.features.get(d.feature) ?? 0) + 1);
  }
  return [...updates.values()];
}

/** An error group's deltas of one commit, summed: what a store upserts. */
export interface ErrorGroupUpdate extends ErrorGroupFields {
  siteId: string;
  /** Distinct routes in order of appearance, at most ROUTES_KEPT. */
  routes: string[];
  /** HyperLogLog register → highest rank. */
  registers: Map<number, number>;
}

/** How many distinct routes an error group lists. */
export const ROUTES_KEPT = 20;

export function aggregateErrors(deltas: ErrorDelta[]): ErrorGroupUpdate[] {
  const updates = new Map<string, ErrorGroupUpdate>();
  for (const d of deltas) {
    const id = `${d.siteId}\u0000${d.fingerprint}`;
    let u = updates.get(id);
    if (!u) {
      const { siteId, fingerprint, type, title, message, frame, stack } = d;
      updates.set(
        id,
        (u = {
          siteId,
          fingerprint,
          type,
          title,
          message,
          frame,
          stack,
          count: 0,
          firstSeen: d.t,
          lastSeen: d.t,
          routes: [],
          registers: new Map(),
        }),
      );
    }
    u.count += d.count;
    u.firstSeen = Math.min(u.firstSeen, d.t);
    u.lastSeen = Math.max(u.lastSeen, d.t);
    u.stack ||= d.stack;
    if (u.routes.length < ROUTES_KEPT && !u.routes.includes(d.route)) u.routes.push(d.route);
    u.registers.set(d.reg, Math.max(u.registers.get(d.reg) ?? 0, d.rho));
  }
  return [...updates.values()];
}
