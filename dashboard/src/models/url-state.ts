// What the URL holds: the view, the time range, the site and the view's filters,
// so a link reproduces what someone saw. Pure parse/format; the router applies them.

export const VIEWS = [
  'overview',
  'vitals',
  'errors',
  'logs',
  'endpoints',
  'insights',
  'lti',
  'business',
  'releases',
  'alerts',
  'health',
  'settings',
] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_TITLES: Record<View, string> = {
  overview: 'Overview',
  vitals: 'Web vitals',
  errors: 'Errors',
  logs: 'Logs',
  endpoints: 'Endpoints & database',
  insights: 'Insights',
  lti: 'LTI & features',
  business: 'Business',
  releases: 'Releases',
  alerts: 'Alerts',
  health: 'Health & synthetic',
  settings: 'Settings',
};

/** Views only an admin token sees in the nav (the server refuses others anyway). */
export const ADMIN_VIEWS: readonly View[] = ['settings'];

export const PRESETS = ['1h', '24h', '7d', '30d'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_MS: Record<Preset, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

/** Filters a view may keep in the URL. */
/** `platform` (the LMS) and `frame` (`framed`: the tool frame, `top`: a top-level page) narrow the web vitals. */
/** `q`, `level`, `request` and `exception` search the server's log lines (the Logs view). */
export const FILTERS = [
  'route',
  'metric',
  'error',
  'rule',
  'alert',
  'tab',
  'platform',
  'frame',
  'q',
  'level',
  'request',
  'exception',
] as const;
export type Filter = (typeof FILTERS)[number];

export interface UrlState {
  view: View;
  /** A preset ending now, or a fixed custom range. */
  range: Preset | 'custom';
  /** Custom range, epoch ms (inclusive). */
  from?: number;
  to?: number;
  site?: string;
  filters: Partial<Record<Filter, string>>;
}

export const BASE = '/dashboard';

const parseTime = (s: string | null) => {
  if (!s) return undefined;
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

/** Reads a dashboard URL's path and query (`/dashboard/alerts?site=&rule=&alert=`). Unknown parts fall back to defaults. */
export function parseUrl(pathname: string, search: string): UrlState {
  const q = new URLSearchParams(search);
  const segment = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '') : '';
  const view = (VIEWS as readonly string[]).includes(segment) ? (segment as View) : 'overview';
  const from = parseTime(q.get('from'));
  const to = parseTime(q.get('to'));
  const asked = q.get('range');
  let range: UrlState['range'] = (PRESETS as readonly string[]).includes(asked ?? '')
    ? (asked as Preset)
    : '24h';
  if (
    from !== undefined &&
    to !== undefined &&
    from < to &&
    asked !== null &&
    !(PRESETS as readonly string[]).includes(asked)
  )
    range = 'custom';
  const filters: UrlState['filters'] = {};
  for (const f of FILTERS) {
    const v = q.get(f);
    if (v) filters[f] = v.slice(0, 512);
  }
  const site = q.get('site') || undefined;
  return { view, range, ...(range === 'custom' ? { from, to } : {}), ...(site ? { site } : {}), filters };
}

/** The URL of a state: the view in the path, the rest in the query (ISO times for a custom range). */
export function formatUrl(s: UrlState): string {
  const q = new URLSearchParams();
  if (s.site) q.set('site', s.site);
  q.set('range', s.range);
  if (s.range === 'custom' && s.from !== undefined && s.to !== undefined) {
    q.set('from', new Date(s.from).toISOString());
    q.set('to', new Date(s.to).toISOString());
  }
  for (const f of FILTERS) if (s.filters[f]) q.set(f, s.filters[f]!);
  return `${BASE}${s.view === 'overview' ? '' : `/${s.view}`}?${q}`;
}

/** The state for going to another view: range and site stay, filters are the ones given. */
export function goTo(s: UrlState, view: View, filters: UrlState['filters'] = {}): UrlState {
  return { ...s, view, filters };
}

/** [from, to] a state stands for at `now` (presets end now, to the second). */
export function resolveRange(
  s: Pick<UrlState, 'range' | 'from' | 'to'>,
  now: number,
): { from: number; to: number } {
  if (s.range === 'custom' && s.from !== undefined && s.to !== undefined) return { from: s.from, to: s.to };
  const to = Math.floor(now / 1000) * 1000;
  return { from: to - PRESET_MS[s.range === 'custom' ? '24h' : s.range], to };
}

/** The period just before [from, to], of the same length, for "change vs previous". */
export function previousRange(r: { from: number; to: number }): { from: number; to: number } {
  const span = r.to - r.from;
  return { from: r.from - span - 1, to: r.from - 1 };
}

/** The same span as `range=` of /v1/checks (`36h`): whole hours, at least 1 h, at most 90 d. */
export function checksRange(r: { from: number; to: number }): string {
  const hours = Math.min(90 * 24, Math.max(1, Math.ceil((r.to - r.from) / 3_600_000)));
  return `${hours}h`;
}

/** A label for the range: `Last 24 h` or the two ends. */
export function rangeLabel(s: UrlState, fmt: (t: number) => string): string {
  if (s.range !== 'custom') return `Last ${s.range.replace('h', ' h').replace('d', ' days')}`;
  return `${fmt(s.from!)} – ${fmt(s.to!)}`;
}

/** The viewer's timezone: `Europe/Berlin (UTC+01:00)`. */
export function timezoneLabel(
  now: number,
  timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): string {
  const offset = -new Date(now).getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '−';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${timeZone} (UTC${sign}${hh}:${mm})`;
}
