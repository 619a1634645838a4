// The dashboard's entry: wires the session, the URL, the live stream and the views.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { computed, effect, signal, untracked } from '@preact/signals';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { createApi } from './api';
import { LiveBadge } from './components/live-badge';
import { Nav } from './components/nav';
import { RangePicker } from './components/range-picker';
import { labelTables } from './components/table-cards';
import { AppContext, type Ctx, type SiteInfo } from './context';
import { createLive } from './models/live';
import { createSession } from './models/session';
import {
  formatUrl,
  parseUrl,
  rangeLabel,
  resolveRange,
  timezoneLabel,
  VIEW_TITLES,
  type UrlState,
} from './models/url-state';
import { fmtTime } from './models/format';
import { AlertsView } from './views/alerts';
import { BusinessView } from './views/business';
import { EndpointsView } from './views/endpoints';
import { ErrorsView } from './views/errors';
import { HealthView } from './views/health';
import { InsightsView } from './views/insights';
import { follow } from './views/link';
import { LogsView } from './views/logs';
import { LtiView } from './views/lti';
import { OverviewView } from './views/overview';
import { ReleasesView } from './views/releases';
import { SettingsView } from './views/settings';
import { SignIn } from './views/sign-in';
import { VitalsView } from './views/vitals';

const api = createApi(
  () => session.token.value,
  () => session.signOut('The server no longer accepts this token. Sign in again.'),
);
const session = createSession(window.sessionStorage, (t) => api.me(t));
const url = signal<UrlState>(parseUrl(location.pathname, location.search));
const dataTick = signal(0);
const alertsTick = signal(0);
const sites = signal<SiteInfo[] | undefined>(undefined);
const site = computed(() => url.value.site ?? sites.value?.[0]?.id);
const clockTick = signal(Date.now());
const win = computed(() => {
  void dataTick.value;
  return resolveRange(url.value, Date.now());
});
const live = createLive({
  connect: (onMessage, onActivity, signal) => api.stream(onMessage, onActivity, signal),
});

function navigate(next: UrlState, replace = false) {
  const href = formatUrl(next);
  if (href !== location.pathname + location.search)
    history[replace ? 'replaceState' : 'pushState'](null, '', href);
  const viewChanged = next.view !== url.value.view;
  url.value = next;
  if (viewChanged) requestAnimationFrame(() => document.getElementById('view-title')?.focus());
}
addEventListener('popstate', () => (url.value = parseUrl(location.pathname, location.search)));

// Live messages refresh what is on screen, at most every 2 s (1 h range) or 5 s, so a busy site does not re-query constantly.
let lastBump = 0;
let pending: ReturnType<typeof setTimeout> | undefined;
function bumpData() {
  const gap = url.value.range === '1h' ? 2_000 : 5_000;
  const wait = lastBump + gap - Date.now();
  if (wait <= 0) {
    lastBump = Date.now();
    dataTick.value++;
  } else pending ??= setTimeout(() => ((pending = undefined), bumpData()), wait);
}
live.onUpdate((u) => {
  if (u.type === 'ingest') {
    if (url.value.range !== 'custom' && (!site.value || site.value in u.sites)) bumpData();
  } else if (u.type === 'alerts') alertsTick.value++;
  else {
    alertsTick.value++;
    if (url.value.range !== 'custom') bumpData();
  }
});
setInterval(() => (clockTick.value = Date.now()), 1_000);

/** The sites to choose from; retried until the server answers. */
function loadSites() {
  api.get<{ sites: SiteInfo[] }>('/v1/sites').then(
    (r) => (sites.value = r.sites),
    () => setTimeout(() => session.me.peek() && loadSites(), 5_000),
  );
}
// Only the session is tracked here: the live state and the sites change without re-running it.
effect(() => {
  const me = session.me.value;
  untracked(() => {
    if (!me) return live.stop();
    live.start();
    loadSites();
  });
});
void session.resume();

const ctx: Ctx = { api, session, live, url, window: win, site, sites, dataTick, alertsTick, navigate };

const VIEWS = {
  overview: OverviewView,
  vitals: VitalsView,
  errors: ErrorsView,
  logs: LogsView,
  endpoints: EndpointsView,
  insights: InsightsView,
  lti: LtiView,
  business: BusinessView,
  releases: ReleasesView,
  alerts: AlertsView,
  health: HealthView,
  settings: SettingsView,
};

function Header() {
  const u = url.value;
  const list = sites.value ?? [];
  return (
    <header class="top">
      <div class="brand">
        <a
          href={formatUrl({ ...u, view: 'overview', filters: {} })}
          onClick={(e) => follow(e, { ...u, view: 'overview', filters: {} }, navigate)}
        >
          Sightline
        </a>
      </div>
      {list.length > 1 && (
        <label class="site">
          <span class="sr-only">Site</span>
          <select
            value={site.value}
            onChange={(e) => navigate({ ...u, site: (e.target as HTMLSelectElement).value, filters: {} })}
          >
            {list.map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
      )}
      <LiveBadge
        state={live.state.value}
        retryAt={live.retryAt.value}
        lastDataAt={live.lastMessageAt.value}
        now={clockTick.value}
        onRetry={live.retryNow}
      />
      <div class="who">
        <span class="muted small">
          {session.me.value?.name} ({session.me.value?.role})
        </span>
        <button type="button" class="link-button" onClick={() => session.signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function App() {
  const me = session.me.value;
  const u = url.value;
  useEffect(() => {
    document.title = `${VIEW_TITLES[u.view]} · Sightline`;
  }, [u.view]);
  // Put the resolved site in the URL, so the link names it.
  useEffect(() => {
    if (me && !u.site && site.value) navigate({ ...u, site: site.value }, true);
  }, [me, site.value]);
  if (!me) {
    if (session.token.value && !session.error.value)
      return (
        <p class="state" role="status">
          Signing in…
        </p>
      );
    return <SignIn session={session} />;
  }
  const settings = u.view === 'settings';
  if (sites.value && !sites.value.length && !(settings && session.isAdmin.value))
    return (
      <p class="state">
        This server has no sites yet. An admin token creates one in Settings (/dashboard/settings), or run npm
        run seed-demo.
      </p>
    );
  const View = VIEWS[u.view];
  const w = win.value;
  const tz = timezoneLabel(w.to);
  return (
    <AppContext.Provider value={ctx}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <Nav state={u} admin={session.isAdmin.value} onNavigate={(e, next) => follow(e, next, navigate)} />
      <main id="main" data-view={u.view} data-site={site.value ?? ''} data-from={w.from} data-to={w.to}>
        <div class="view-head">
          <h1 id="view-title" tabIndex={-1}>
            {VIEW_TITLES[u.view]}
          </h1>
          {!settings && (
            <p class="muted small" data-testid="range-label">
              {rangeLabel(u, (t) => fmtTime(t))} · {fmtTime(w.from)} – {fmtTime(w.to)}
            </p>
          )}
        </div>
        {!settings && (
          <RangePicker
            state={u}
            window={w}
            timezone={tz}
            onChange={(r) => navigate({ ...u, from: undefined, to: undefined, ...r })}
          />
        )}
        {live.state.value === 'reconnecting' && (
          <p class="banner" role="alert">
            The live connection to the server is down: the figures below are the last ones received.
            Reconnecting automatically.
          </p>
        )}
        {site.value || settings ? (
          <View key={`${u.view}|${site.value}`} />
        ) : (
          <p class="state" role="status">
            Loading sites…
          </p>
        )}
      </main>
    </AppContext.Provider>
  );
}

const appRoot = document.getElementById('app')!;
render(<App />, appRoot);
labelTables(appRoot); // rows as labelled cards on a phone (styles.css)
