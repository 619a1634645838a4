// The background: keeps the content script registered for the sites chosen and granted,
// polls the server's active alerts every minute (badge, notifications), relays tool
// frames' readings to their tab's top frame, answers field p75 lookups, acknowledges
// alerts, captures snapshots (kept in IndexedDB, uploaded through a queue that retries
// every minute) and switches the overlay (popup, keyboard shortcut).
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { AlertView } from '../../shared/alerts';
import { createAlertPoller } from '../lib/alert-poller';
import { createServices } from '../lib/background-services';
import type { AckResult, BackgroundMessage } from '../lib/messages';
import { captureSnapshot } from '../lib/capture';
import { createSnapshotStore } from '../lib/snapshot-store';
import { classifyUploadError, createUploadQueue } from '../lib/upload-queue';
import { createContentRegistration } from '../lib/content-registration';
import { switchOverlay, tabSummary } from '../lib/overlay-switch';
import { alertCacheItem, settingsItem, sitesItem, togglesItem } from '../lib/storage-items';
import type { FrameReport } from '../lib/types';
import { extensionUrl } from '../lib/extension-url';

const ALARM = 'poll-alerts';
/** The toolbar button: `action` in MV3 (Chrome), `browserAction` in the MV2 build (Firefox). */
const toolbarButton = (browser.action ??
  (browser as unknown as { browserAction: typeof browser.action }).browserAction) as typeof browser.action;

export default defineBackground(() => {
  const registration = createContentRegistration({
    settings: () => settingsItem.getValue(),
    toggles: () => togglesItem.getValue(),
    granted: (origin) => browser.permissions.contains({ origins: [origin] }),
    registry: browser.scripting,
  });
  const syncRegistration = () =>
    void registration
      .sync()
      .catch((err) => console.warn('Sightline: registering the content script failed', err));
  syncRegistration();
  togglesItem.watch(syncRegistration);
  browser.permissions.onAdded.addListener(syncRegistration);
  browser.permissions.onRemoved.addListener(syncRegistration);

  const services = createServices({
    settings: () => settingsItem.getValue(),
    hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    sites: { get: () => sitesItem.getValue(), set: (s) => sitesItem.setValue(s) },
    clock: Date.now,
  });
  const store = createSnapshotStore();
  const queue = createUploadQueue({
    store,
    upload: async (snapshot) => (await services.client()).uploadSnapshot(snapshot),
    classify: classifyUploadError,
  });
  const flushUploads = () => void queue.flush().catch(() => undefined);
  const captureDeps = { store, queue, configured: async () => !!(await settingsItem.getValue()).serverUrl };

  const poller = createAlertPoller({
    clock: Date.now,
    fetchAlerts: async () => {
      const client = await services.client();
      const alerts = await client.alerts();
      await services.refreshSites(client).catch(() => undefined);
      return alerts;
    },
    load: () => alertCacheItem.getValue(),
    save: (cache) => alertCacheItem.setValue(cache),
    setBadge: async ({ text, colour, title }) => {
      await toolbarButton.setBadgeText({ text });
      await toolbarButton.setBadgeBackgroundColor({ color: colour });
      await toolbarButton.setTitle({ title });
    },
    notify: (alert) => notifyCritical(alert),
    fetchRole: async () => (await services.client()).role(),
  });

  // Every minute (the alarms API's floor for packed extensions). The service worker
  // restarts often: keep an existing alarm's schedule, and poll on start only when stale.
  void (async () => {
    if (!(await browser.alarms.get(ALARM)))
      await browser.alarms.create(ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
    const cache = await alertCacheItem.getValue();
    if (cache.fetchedAt === null || Date.now() - cache.fetchedAt > 60_000) await poller.poll();
    flushUploads();
  })();
  // The queued snapshots go with each poll: once the server is back, within a minute.
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name !== ALARM) return;
    void poller.poll();
    flushUploads();
  });
  settingsItem.watch(() => {
    syncRegistration();
    services.clearCache();
    void alertCacheItem
      .setValue({ alerts: [], fetchedAt: null, error: null, notified: [], role: null })
      .then(() => poller.poll());
    flushUploads();
  });

  // A notification's id is `sightline-<alert id>`: its dashboard link is in the cache.
  browser.notifications.onClicked.addListener(async (id) => {
    const alert = (await alertCacheItem.getValue()).alerts.find((a) => `sightline-${a.id}` === id);
    if (alert) await browser.tabs.create({ url: alert.links.dashboard });
  });

  // Tool frames' last reports per tab, for a top frame that starts after them.
  const frames = new Map<number, Record<string, FrameReport>>();
  browser.tabs.onRemoved.addListener((tabId) => frames.delete(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => change.status === 'loading' && frames.delete(tabId));

  browser.runtime.onMessage.addListener((message: BackgroundMessage, sender, respond) => {
    const tabId = sender.tab?.id;
    const reply = (p: Promise<unknown>) => (p.then(respond, (err) => respond({ error: String(err) })), true);
    switch (message.type) {
      case 'frame-report': {
        if (tabId === undefined || sender.frameId === undefined || sender.frameId === 0) return;
        const tab = frames.get(tabId) ?? {};
        tab[String(sender.frameId)] = message.report;
        frames.set(tabId, tab);
        browser.tabs
          .sendMessage(
            tabId,
            { type: 'frame-report', frameId: sender.frameId, report: message.report },
            { frameId: 0 },
          )
          .catch(() => undefined);
        return;
      }
      case 'frame-reports':
        respond(tabId === undefined ? {} : (frames.get(tabId) ?? {}));
        return;
      case 'field':
        return reply(services.field(message.origin, message.route));
      case 'poll-now':
        return reply(poller.poll());
      case 'ack':
        return reply(ack(message.id));
      case 'capture':
        return reply(captureSnapshot(message.tabId, captureDeps));
      case 'flush-uploads':
        return reply(queue.flush());
      case 'switch-overlay':
        return reply(switchOverlay(message.tabId, message.on));
    }
  });

  async function ack(id: string): Promise<AckResult> {
    try {
      const { alert } = await (await services.client()).ack(id);
      await poller.poll();
      return { ok: true, alert };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  // The shortcut flips what the page shows; a page without the content script gets it.
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'toggle-overlay' || tab?.id === undefined) return;
    const summary = await tabSummary(tab.id);
    await switchOverlay(tab.id, !summary?.overlayOn).catch(() => undefined);
  });
});

async function notifyCritical(alert: AlertView) {
  await browser.notifications.create(`sightline-${alert.id}`, {
    type: 'basic',
    iconUrl: extensionUrl('/icon/128.png'),
    title: `Sightline: ${alert.name}`,
    message: `Critical alert firing${alert.route ? ` on ${alert.route}` : ''} (site ${alert.site}).`,
    priority: 2,
  });
}
