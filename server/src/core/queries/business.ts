// GET /v1/business: active users, sessions, retention and feature adoption,
// computed in SQL over the sessions table (one row per browser session).
import type { BusinessResponse } from '../../../../shared/query';
import type { Store } from '../../ports';
import { parseParams, RangeParams, resolveWindow } from './params';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const per = (a: number, b: number) => (b > 0 ? a / b : null);

/** Users and sessions per hour (up to 2 days) or UTC day over [from, to], every step present. */
async function trendOf(
  store: Store,
  siteId: string,
  from: number,
  to: number,
): Promise<BusinessResponse['trend']> {
  const step = to - from <= 2 * DAY ? HOUR : DAY;
  const start = Math.floor(from / step) * step;
  const rows = new Map((await store.sessionTrend(siteId, from, to, start, step)).map((r) => [r.t, r]));
  const points = [];
  for (let t = start; t <= to; t += step) {
    const r = rows.get(t);
    points.push({ t, users: r?.users ?? 0, sessions: r?.sessions ?? 0 });
  }
  return { step: step === HOUR ? '1h' : '1d', points };
}

export async function queryBusiness(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<BusinessResponse> {
  const window = await resolveWindow(store, now, parseParams(RangeParams, params));
  const { site, from, to } = window;
  // Windows end at `to` and include it; "the last day" is (to − 1 day, to].
  const last = (days: number) => store.sessionStats(site.id, to - days * DAY + 1, to);
  const [daily, weekly, monthly, range, returning, features, trend] = await Promise.all([
    last(1),
    last(7),
    last(30),
    store.sessionStats(site.id, from, to),
    store.returningUsers(site.id, [to - 14 * DAY + 1, to - 7 * DAY], [to - 7 * DAY + 1, to]),
    store.featureUsers(site.id, from, to),
    trendOf(store, site.id, from, to),
  ]);
  return {
    site: site.id,
    from,
    to,
    activeUsers: { daily: daily.users, weekly: weekly.users, monthly: monthly.users },
    stickiness: per(daily.users, monthly.users),
    users: range.users,
    sessions: {
      count: range.sessions,
      perUser: per(range.identified, range.users),
      avgDuration: per(range.duration, range.sessions),
      pageviewsPerSession: per(range.pageviews, range.sessions),
    },
    retention: {
      weekOverWeek: per(returning.returned, returning.before),
      previousWeekUsers: returning.before,
      returnedUsers: returning.returned,
    },
    featureAdoption: features
      .filter((f) => f.users > 0)
      .map((f) => ({ name: f.name, users: f.users, adoption: range.users ? f.users / range.users : 0 })),
    trend,
  };
}
