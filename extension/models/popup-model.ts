// The popup's state as signals: the cached alerts and their age, this tab's
// metrics, the overlay switch (with the site's access), acknowledgements and the
// snapshot capture.
import { computed, signal } from '@preact/signals';
import { explainAccessError } from '../lib/access-errors';
import { visibleAlerts } from '../lib/alerts';
import type { AckResult, CaptureResult, TabSummary } from '../lib/messages';
import type { AlertCache, Settings } from '../lib/types';
import { EMPTY_CACHE } from '../lib/alert-poller';

export interface PopupDeps {
  clock: () => number;
  loadCache: () => Promise<AlertCache>;
  loadSettings: () => Promise<Settings>;
  /** This tab's top frame: its summary; null when it has no content script. */
  summary: () => Promise<TabSummary | null>;
  pollNow: () => Promise<AlertCache>;
  ack: (id: string) => Promise<AckResult>;
  capture: () => Promise<CaptureResult>;
  /** This tab's site (null for a browser page) and whether access to it is granted. */
  site: () => Promise<TabSite | null>;
  /** permissions.request for the site's origin; must start within the click's user gesture. */
  requestAccess: (pattern: string) => Promise<boolean>;
  /** The background stores the toggle and, switching on, starts the content script in the tab. */
  switchOverlay: (on: boolean) => Promise<TabSummary | null>;
}

export interface TabSite {
  host: string;
  /** The match pattern to ask access for: `https://moodle.example.edu/*`. */
  pattern: string;
  access: boolean;
}

export function createPopupModel(deps: PopupDeps) {
  const cache = signal<AlertCache>(EMPTY_CACHE);
  const settings = signal<Settings | null>(null);
  const summary = signal<TabSummary | null>(null);
  const site = signal<TabSite | null>(null);
  const switchError = signal<string | null>(null);
  const now = signal(deps.clock());
  const busy = signal<'poll' | 'capture' | null>(null);
  const capture = signal<{ result?: CaptureResult; error?: string } | null>(null);
  const ackErrors = signal<Record<string, string>>({});

  const alerts = computed(() => visibleAlerts(cache.value.alerts));
  const configured = computed(() => !!settings.value?.serverUrl);
  /** The server did not answer the last poll: the list is the last known state. */
  const unreachable = computed(() => !!cache.value.error && cache.value.error.kind !== 'unconfigured');
  const age = computed(() => (cache.value.fetchedAt === null ? null : now.value - cache.value.fetchedAt));
  /** The switch's failure in plain words, and whether granting the site's access would fix it. */
  const switchProblem = computed(() =>
    switchError.value === null
      ? null
      : explainAccessError(switchError.value, site.value?.host ?? 'this site'),
  );

  return {
    cache,
    settings,
    summary,
    site,
    switchError,
    switchProblem,
    now,
    busy,
    capture,
    ackErrors,
    alerts,
    configured,
    unreachable,
    age,
    async load() {
      const [c, s, t, here] = await Promise.all([
        deps.loadCache(),
        deps.loadSettings(),
        deps.summary().catch(() => null),
        deps.site().catch(() => null),
      ]);
      cache.value = c;
      settings.value = s;
      summary.value = t;
      site.value = here;
      now.value = deps.clock();
    },
    async refresh() {
      busy.value = 'poll';
      try {
        cache.value = await deps.pollNow();
      } finally {
        busy.value = null;
        now.value = deps.clock();
      }
    },
    tick() {
      now.value = deps.clock();
    },
    async ack(id: string) {
      const result = await deps.ack(id);
      if (result.ok) {
        cache.value = await deps.loadCache();
        const { [id]: _, ...rest } = ackErrors.value;
        ackErrors.value = rest;
      } else {
        ackErrors.value = { ...ackErrors.value, [id]: result.message };
      }
    },
    /**
     * Flips the overlay for this tab's site. Switching on asks for access to the site first
     * (while the click lasts), so it stays on after a reload; the switch does not wait for
     * the answer, since the popup may close while the browser asks.
     */
    async toggleOverlay() {
      const here = site.value;
      if (!here) return;
      const on = !summary.value?.overlayOn;
      const access =
        on && !here.access
          ? deps.requestAccess(here.pattern).catch(() => false)
          : Promise.resolve(here.access);
      switchError.value = null;
      try {
        const started = await deps.switchOverlay(on);
        const s = summary.value;
        summary.value = started ?? (s && { ...s, overlayOn: on, reason: on ? 'toggled-on' : 'toggled-off' });
      } catch (err) {
        switchError.value = err instanceof Error ? err.message : String(err);
      }
      site.value = { ...here, access: await access };
    },
    /** The grant button: asks for the site's access (within the click), then switches the overlay on. */
    async grantAccess() {
      const here = site.value;
      if (!here) return;
      const granted = await deps.requestAccess(here.pattern).catch(() => false);
      site.value = { ...here, access: granted };
      if (!granted) {
        switchError.value = `Access to ${here.host} was not granted.`;
        return;
      }
      switchError.value = null;
      try {
        summary.value = (await deps.switchOverlay(true)) ?? summary.value;
      } catch (err) {
        switchError.value = err instanceof Error ? err.message : String(err);
      }
    },
    async takeSnapshot() {
      busy.value = 'capture';
      capture.value = null;
      try {
        capture.value = { result: await deps.capture() };
      } catch (err) {
        capture.value = { error: err instanceof Error ? err.message : String(err) };
      } finally {
        busy.value = null;
      }
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
