// One click, one snapshot: the page's data from its top frame, a screenshot of the
// visible tab, the HTML report and its JSON saved through the downloads API, the
// upload to the server (support code) through the queue, and every snapshot kept in
// IndexedDB for the history page and report.html.
import { browser } from 'wxt/browser';
import { MAX_SCREENSHOT_CHARS } from '../../shared/snapshot-limits';
import type { CaptureResult, SnapshotData } from './messages';
import { renderReportHtml } from './report-html';
import { assembleSnapshot, fileUrl, snapshotFileName } from './snapshot';
import type { SnapshotStore } from './snapshot-store';
import type { UploadQueue } from './upload-queue';

async function screenshot(tabId: number): Promise<string | null> {
  try {
    const tab = await browser.tabs.get(tabId);
    // The visible tab of its window is what is captured: make sure it is this one.
    if (!tab.active) await browser.tabs.update(tabId, { active: true });
    for (const quality of [80, 50, 30]) {
      const url = await browser.tabs.captureVisibleTab(tab.windowId!, { format: 'jpeg', quality });
      if (url.length <= MAX_SCREENSHOT_CHARS) return url;
    }
  } catch {
    // no permission for this page (e.g. the browser's own pages): the report says "No screenshot"
  }
  return null;
}

export async function captureSnapshot(
  tabId: number,
  deps: { store: SnapshotStore; queue: UploadQueue; configured: () => Promise<boolean> },
): Promise<CaptureResult> {
  const data = (await browser.tabs.sendMessage(tabId, { type: 'snapshot-data' }, { frameId: 0 })) as
    SnapshotData | undefined;
  if (!data)
    throw new Error('this page has no Sightline content script (reload it, or it is a browser page)');
  const shot = await screenshot(tabId);
  const snapshot = assembleSnapshot(data, shot, Date.now(), browser.runtime.getManifest().version);

  // Kept first, then uploaded: a server that cannot be reached leaves it queued, not lost.
  const kept = await deps.store.add({
    snapshot,
    code: null,
    upload: (await deps.configured()) ? 'pending' : 'local',
  });
  if (kept.upload === 'pending') await deps.queue.flush();
  const record = (await deps.store.get(kept.id)) ?? kept;
  const code = record.code;

  const name = snapshotFileName(snapshot, code);
  const downloads: string[] = [];
  for (const [ext, text, type] of [
    ['html', renderReportHtml(snapshot, code), 'text/html'],
    ['json', JSON.stringify({ code, ...snapshot }, null, 2), 'application/json'],
  ] as const) {
    try {
      await browser.downloads.download({
        url: fileUrl(text, type),
        filename: `${name}.${ext}`,
        saveAs: false,
        conflictAction: 'uniquify',
      });
      downloads.push(`${name}.${ext}`);
    } catch {
      // downloads refused (policy): report.html still shows it and can save it
    }
  }
  return {
    id: record.id,
    snapshot,
    code,
    upload: record.upload,
    uploadError: record.upload === 'uploaded' ? null : record.uploadError,
    downloads,
  };
}
