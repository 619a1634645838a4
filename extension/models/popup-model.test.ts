// The popup model over WXT's fake browser: storage items are real, the background and the tab are fakes.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { AlertView } from '../../shared/alerts';
import type { TabSummary } from '../lib/messages';
import type { AlertCache } from '../lib/types';

// @wxt-dev/browser picks `globalThis.chrome` when it loads: the fake goes there first.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;
const { alertCacheItem, settingsItem, togglesItem } = await import('../lib/storage-items');
const { createPopupModel } = await import('./popup-model');

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const alert = { id: 'al_1', name: 'Slow LCP', severity: 'critical', state: 'firing', silenced: false } as AlertView;
const summary: TabSummary = { host: 'canvas.example', overlayOn: true, reason: 'lms', frames: [], field: {} };

function model(extra: Partial<Parameters<typeof createPopupModel>[0]> = {}) {
  let now = NOW;
  const m = createPopupModel({
    clock: () => now,
    loadCache: () => alertCacheItem.getValue(),
    loadSettings: () => settingsItem.getValue(),
    summary: async () => summary,
    pollNow: () => alertCacheItem.getValue(),
    ack: async () => ({ ok: false, message: 'the token lacks the role needed (403)' }),
    capture: async () => { throw new Error('no content script'); },
    loadToggles: () => togglesItem.getValue(),
    saveToggles: (t) => togglesItem.setValue(t),
    ...extra,
  });
  return { m, advance: (ms: number) => (now += ms) };
}

describe('the popup model', () => {
  beforeEach(() => fakeBrowser.reset());

  it('says when no server is configured', async () => {
    const { m } = model();
    await m.load();
    expect(m.configured.value).toBe(false);
    expect(m.alerts.value).toEqual([]);
  });

  it('shows the last known alerts and their age when the server is unreachable', async () => {
    await settingsItem.setValue({ serverUrl: 'https://s.example', token: 't', sitePatterns: [], detectLms: true });
    const cache: AlertCache = { alerts: [alert], fetchedAt: NOW - 120_000, error: { kind: 'unreachable', message: 'cannot reach', at: NOW }, notified: [], role: 'admin' };
    await alertCacheItem.setValue(cache);
    const { m, advance } = model();
    await m.load();
    expect(m.unreachable.value).toBe(true);
    expect(m.alerts.value.map((a) => a.id)).toEqual(['al_1']);
    expect(m.age.value).toBe(120_000);
    advance(60_000);
    m.tick();
    expect(m.age.value).toBe(180_000);
  });

  it('switches the overlay for this site through the stored toggles', async () => {
    const { m } = model();
    await m.load();
    await m.toggleOverlay();
    expect(await togglesItem.getValue()).toEqual({ 'canvas.example': false });
    expect(m.summary.value).toMatchObject({ overlayOn: false, reason: 'toggled-off' });
  });

  it('shows why an acknowledgement or a capture failed', async () => {
    const { m } = model();
    await m.ack('al_1');
    expect(m.ackErrors.value).toEqual({ al_1: 'the token lacks the role needed (403)' });
    await m.takeSnapshot();
    expect(m.capture.value).toEqual({ error: 'no content script' });
    expect(m.busy.value).toBeNull();
  });
});
