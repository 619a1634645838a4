// The popup page. Opened from the toolbar it works on the active tab; `?tab=<id>`
// names another tab (the e2e tests open this page directly).
import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupView } from '../../components/popup-view';
import type { AckResult, BackgroundMessage, CaptureResult, TabSummary } from '../../lib/messages';
import { pageSite } from '../../lib/overlay-matches';
import { tabSummary } from '../../lib/overlay-switch';
import { alertCacheItem, settingsItem } from '../../lib/storage-items';
import type { AlertCache } from '../../lib/types';
import { createPopupModel } from '../../models/popup-model';
import { extensionUrl } from '../../lib/extension-url';

async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** A request to the background, which answers `{ error }` when it failed. */
async function ask<T>(message: BackgroundMessage): Promise<T> {
  const r = (await browser.runtime.sendMessage(message)) as T | { error: string };
  if (r && typeof r === 'object' && 'error' in r) throw new Error(r.error);
  return r as T;
}

async function main() {
  const tabId = await targetTab();
  const model = createPopupModel({
    clock: Date.now,
    loadCache: () => alertCacheItem.getValue(),
    loadSettings: () => settingsItem.getValue(),
    summary: async () => (tabId === undefined ? null : tabSummary(tabId)),
    pollNow: async () => (await browser.runtime.sendMessage({ type: 'poll-now' })) as AlertCache,
    ack: async (id) => (await browser.runtime.sendMessage({ type: 'ack', id })) as AckResult,
    capture: async () => {
      if (tabId === undefined) throw new Error('no tab to capture');
      return ask<CaptureResult>({ type: 'capture', tabId });
    },
    site: async () => {
      const site = tabId === undefined ? null : pageSite((await browser.tabs.get(tabId)).url);
      return site && { ...site, access: await browser.permissions.contains({ origins: [site.pattern] }) };
    },
    requestAccess: (pattern) => browser.permissions.request({ origins: [pattern] }),
    switchOverlay: async (on) => {
      if (tabId === undefined) throw new Error('no tab to switch');
      return ask<TabSummary | null>({ type: 'switch-overlay', tabId, on });
    },
  });
  await model.load();
  alertCacheItem.watch((c) => (model.cache.value = c));
  setInterval(() => model.tick(), 15_000);
  // The badge may be stale after a settings change: ask for a fresh poll when the popup opens.
  if (model.configured.value) void model.refresh();

  const app = document.getElementById('app')!;
  effect(() => {
    render(
      <PopupView
        configured={model.configured.value}
        serverUrl={model.settings.value?.serverUrl ?? ''}
        cache={model.cache.value}
        alerts={model.alerts.value}
        unreachable={model.unreachable.value}
        age={model.age.value}
        summary={model.summary.value}
        site={model.site.value}
        switchProblem={model.switchProblem.value}
        busy={model.busy.value}
        capture={model.capture.value}
        ackErrors={model.ackErrors.value}
        reportUrl={extensionUrl('/report.html')}
        historyUrl={extensionUrl('/history.html')}
        onRefresh={() => void model.refresh()}
        onAck={(id) => void model.ack(id)}
        onToggleOverlay={() => void model.toggleOverlay()}
        onGrantAccess={() => void model.grantAccess()}
        onCapture={() => void model.takeSnapshot()}
        onOpenOptions={() => void browser.runtime.openOptionsPage()}
      />,
      app,
    );
  });
}

void main();
