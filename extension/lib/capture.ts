// One click, one snapshot: the page's data from its top frame, a screenshot of the
// visible tab, the HTML report and its JSON saved through the downloads API, the
// upload to the server (support code), and the last snapshot kept for report.html.
import { browser } from 'wxt/browser';
import { storage } from '@wxt-dev/storage';
import { MAX_SCREENSHOT_CHARS } from '../../shared/snapshot-limits';
import type { SnapshotInput } from '../../shared/snapshot';
import type { createServices } from './background-services';
import type { CaptureResult, SnapshotData } from './messages';
import { renderReportHtml } from './report-html';
import { ServerError } from './server-client';
import { assembleSnapshot, fileUrl, snapshotFileName } from './snapshot';

export const lastSnapshotItem = storage.defineItem<{ snapshot: SnapshotInput; code: string | null } | null>(
  'local:lastSnapshot',
  { fallback: null },
);

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
  services: ReturnType<typeof createServices>,
): Promise<CaptureResult> {
  const data = (await browser.tabs.sendMessage(tabId, { type: 'snapshot-data' }, { frameId: 0 })) as
    SnapshotData | undefined;
  if (!data)
    throw new Error('this page has no Sightline content script (reload it, or it is a browser page)');
  const shot = await screenshot(tabId);
  const snapshot = assembleSnapshot(data, shot, Date.now(), browser.runtime.getManifest().version);

  let code: string | null = null;
  let uploadError: string | null = null;
  try {
    code = (await (await services.client()).uploadSnapshot(snapshot)).code;
  } catch (err) {
    uploadError =
      err instanceof ServerError && err.kind === 'unconfigured'
        ? null
        : err instanceof Error
          ? err.message
          : String(err);
  }

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
  await lastSnapshotItem.setValue({ snapshot, code });
  return { snapshot, code, uploadError, downloads };
}
