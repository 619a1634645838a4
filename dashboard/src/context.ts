// What every view reads: the API, the session, the URL state, the time window
// and the refresh ticks the live stream drives; and useQuery, which loads one
// endpoint for the current site and window and reloads it when they change.
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { ReadonlySignal, Signal } from '@preact/signals';
import { qs, type Api } from './api';
import type { Live } from './models/live';
import { createResource, type Resource } from './models/resource';
import type { Session } from './models/session';
import { previousRange, type UrlState } from './models/url-state';

export interface SiteInfo {
  id: string;
  name: string;
}

export interface Ctx {
  api: Api;
  session: Session;
  live: Live;
  url: Signal<UrlState>;
  /** [from, to] of the range, fixed at the last refresh so every query of a view shares it. */
  window: ReadonlySignal<{ from: number; to: number }>;
  site: ReadonlySignal<string | undefined>;
  sites: Signal<SiteInfo[] | undefined>;
  /** Bumped when new data (or alerts) should be fetched: a live message, a poll, a reconnect. */
  dataTick: Signal<number>;
  alertsTick: Signal<number>;
  navigate(next: UrlState, replace?: boolean): void;
}

export const AppContext = createContext<Ctx>(null as unknown as Ctx);
export const useCtx = () => useContext(AppContext);

type Params = Record<string, string | number | undefined | null>;

export interface QueryOptions {
  /** Which tick reloads it. Default data. */
  live?: 'data' | 'alerts' | 'none';
  /** Send site/from/to (default true); `previous`: the period before the window. */
  range?: boolean | 'previous';
  /** Send ?site= (default true). */
  site?: boolean;
}

/** Loads `endpoint` (null: nothing yet) with the site, the window and `params`. */
export function useQuery<T>(
  endpoint: string | null,
  params: Params = {},
  opts: QueryOptions = {},
): Resource<T> & { retry: () => void } {
  const ctx = useCtx();
  const res = useMemo(() => createResource<T>(), []);
  const [attempt, setAttempt] = useState(0);
  const site = opts.site === false ? undefined : ctx.site.value;
  const needsSite = opts.site !== false;
  const live = opts.live ?? 'data';
  const tick = live === 'alerts' ? ctx.alertsTick.value : live === 'data' ? ctx.dataTick.value : 0;
  const w =
    opts.range === false
      ? null
      : opts.range === 'previous'
        ? previousRange(ctx.window.value)
        : ctx.window.value;
  const u = ctx.url.value;
  // What is shown: a new key drops the old data, a refresh of the same key keeps it until the new one arrives.
  const key = `${endpoint}${qs(params)}|${site}|${u.range}|${u.from}|${u.to}|${opts.range}`;
  useEffect(() => {
    if (!endpoint || (needsSite && !site)) return;
    const path =
      endpoint + qs({ ...(site ? { site } : {}), ...(w ? { from: w.from, to: w.to } : {}), ...params });
    void res.load(key, (signal) => ctx.api.get<T>(path, signal));
  }, [key, tick, w?.from, w?.to, attempt]);
  useEffect(() => () => res.dispose(), []);
  return Object.assign(res, { retry: () => setAttempt((n) => n + 1) });
}
