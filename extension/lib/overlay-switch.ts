// The overlay switch for a tab's site, from the popup or the keyboard shortcut: the
// per-site toggle is stored (the background then re-registers the content script) and,
// when the page has no content script yet, it is injected at once, so no reload is
// needed. The toolbar click and the shortcut grant activeTab for that tab: enough to
// inject there even without a stored permission for the site.
import { browser } from 'wxt/browser';
import { CONTENT_SCRIPT } from './content-registration';
import type { TabSummary } from './messages';
import { pageSite } from './overlay-matches';
import { togglesItem } from './storage-items';

/** The tab's top frame summary; null when it has no content script. */
export async function tabSummary(tabId: number): Promise<TabSummary | null> {
  const summary = await browser.tabs
    .sendMessage(tabId, { type: 'summary' }, { frameId: 0 })
    .catch(() => null);
  return (summary as TabSummary | undefined) ?? null;
}

/** Switches the overlay for the tab's site; resolves to the summary of a content script this started, else null. */
export async function switchOverlay(tabId: number, on: boolean): Promise<TabSummary | null> {
  const site = pageSite((await browser.tabs.get(tabId)).url);
  if (!site) throw new Error('the overlay runs on web pages only');
  await togglesItem.setValue({ ...(await togglesItem.getValue()), [site.host]: on });
  if (!on || (await tabSummary(tabId))) return null;
  await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [CONTENT_SCRIPT] });
  // The top frame answers once it has read the settings and toggles: wait for it (up to 3 s).
  for (let i = 0; i < 30; i++) {
    const summary = await tabSummary(tabId);
    if (summary) return summary;
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
