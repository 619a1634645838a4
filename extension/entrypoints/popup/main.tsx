// The popup page. Opened from the toolbar it works on the active tab; `?tab=<id>`
// names another tab (the e2e tests open this page directly).
import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupView } from '../../components/popup-view';
import type { AckResult, CaptureResult, TabSummary } from '../../lib/messages';
import { alertCacheItem, settingsItem, togglesItem } from '../../lib/storage-items';
import type { AlertCache } from '../../lib/types';
import { createPopupModel } from '../../models/popup-model';
import { extensionUrl } from '../../lib/extension-url';

async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function main() {
  const tabId = await targetTab();
  const model = createPopupModel({
    clock: Date.now,
    loadCache: () => alertCacheItem.getValue(),
    loadSettings: () => settingsItem.getValue(),
    summary: async () => (tabId === undefined ? null : ((await browser.tabs.sendMessage(tabId, { type: 'summary' }, { frameId: 0 })) as TabSummary) ?? null),
    pollNow: async () => (await browser.runtime.sendMessage({ type: 'poll-now' })) as AlertCache,
    ack: async (id) => (await browser.runtime.sendMessage({ type: 'ack', id })) as AckResult,
    capture: async () => {
      if (tabId === undefined) throw new Error('no tab to capture');
      const r = (await browser.runtime.sendMessage({ type: 'capture', tabId })) as CaptureResult | { error: string };
      if ('error' in r) throw new Error(r.error);
      return r;
    },
    loadToggles: () => togglesItem.getValue(),
    saveToggles: (t) => togglesItem.setValue(t),
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
        busy={model.busy.value}
        capture={model.capture.value}
        ackErrors={model.ackErrors.value}
        reportUrl={extensionUrl('/report.html')}
        onRefresh={() => void model.refresh()}
        onAck={(id) => void model.ack(id)}
        onToggleOverlay={() => void model.toggleOverlay()}
        onCapture={() => void model.takeSnapshot()}
        onOpenOptions={() => void browser.runtime.openOptionsPage()}
      />,
      app,
    );
  });
}

void main();
