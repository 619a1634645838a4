// The snapshot history page (history.html): the IndexedDB store read directly, the
// upload queue flushed by the background (one queue, never two uploading at once).
import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { HistoryView } from '../../components/history-view';
import { extensionUrl } from '../../lib/extension-url';
import { createSnapshotStore } from '../../lib/snapshot-store';
import { settingsItem } from '../../lib/storage-items';
import type { FlushResult } from '../../lib/upload-queue';
import { createHistoryModel } from '../../models/history-model';

const store = createSnapshotStore();
const model = createHistoryModel({
  list: () => store.list(),
  remove: (id) => store.remove(id),
  flush: async () => {
    const r = (await browser.runtime.sendMessage({ type: 'flush-uploads' })) as
      FlushResult | { error: string };
    if ('error' in r && typeof r.error === 'string' && !('uploaded' in r)) throw new Error(r.error);
    return r as FlushResult;
  },
  copy: (text) => navigator.clipboard.writeText(text),
  serverUrl: async () => (await settingsItem.getValue()).serverUrl,
});

void model.reload();
// The background uploads queued snapshots every minute: show it as it happens.
setInterval(() => void model.reload(), 5_000);

effect(() => {
  render(
    <HistoryView
      records={model.records.value}
      selected={model.selected.value}
      queued={model.queued.value}
      message={model.message.value}
      comparison={model.comparison.value}
      pair={model.pair.value as never}
      reportUrl={(id) => extensionUrl(`/report.html?id=${encodeURIComponent(id)}`)}
      onToggle={(id) => model.toggle(id)}
      onRemove={(id) => void model.remove(id)}
      onCopy={(id) => void model.copyForTicket(id)}
      onUploadNow={() => void model.uploadNow()}
    />,
    document.getElementById('app')!,
  );
});
