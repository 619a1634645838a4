// The popup's state as signals: the cached alerts and their age, this tab's
// metrics, the overlay switch, acknowledgements and the snapshot capture.
import { computed, signal } from '@preact/signals';
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
  loadToggles: () => Promise<Record<string, boolean>>;
  saveToggles: (t: Record<string, boolean>) => Promise<void>;
}

export function createPopupModel(deps: PopupDeps) {
  const cache = signal<AlertCache>(EMPTY_CACHE);
  const settings = signal<Settings | null>(null);
  const summary = signal<TabSummary | null>(null);
  const now = signal(deps.clock());
  const busy = signal<'poll' | 'capture' | null>(null);
  const capture = signal<{ result?: CaptureResult; error?: string } | null>(null);
  const ackErrors = signal<Record<string, string>>({});

  const alerts = computed(() => visibleAlerts(cache.value.alerts));
  const configured = computed(() => !!settings.value?.serverUrl);
  /** The server did not answer the last poll: the list is the last known state. */
  const unreachable = computed(() => !!cache.value.error && cache.value.error.kind !== 'unconfigured');
  const age = computed(() => (cache.value.fetchedAt === null ? null : now.value - cache.value.fetchedAt));

  return {
    cache, settings, summary, now, busy, capture, ackErrors, alerts, configured, unreachable, age,
    async load() {
      const [c, s, t] = await Promise.all([deps.loadCache(), deps.loadSettings(), deps.summary().catch(() => null)]);
      cache.value = c;
      settings.value = s;
      summary.value = t;
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
    /** Flips the overlay for this tab's site; the content script follows the stored toggle. */
    async toggleOverlay() {
      const s = summary.value;
      if (!s) return;
      const toggles = await deps.loadToggles();
      await deps.saveToggles({ ...toggles, [s.host]: !s.overlayOn });
      summary.value = { ...s, overlayOn: !s.overlayOn, reason: !s.overlayOn ? 'toggled-on' : 'toggled-off' };
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
