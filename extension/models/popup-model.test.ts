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
const alert = {
  id: 'al_1',
  name: 'Slow LCP',
  severity: 'critical',
  state: 'firing',
  silenced: false,
} as AlertView;
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
    capture: async () => {
      throw new Error('no content script');
    },
    site: async () => ({ host: 'canvas.example', pattern: 'https://canvas.example/*', access: true }),
    requestAccess: async () => true,
    switchOverlay: async (on) => {
      await togglesItem.setValue({ ...(await togglesItem.getValue()), 'canvas.example': on });
      return null;
    },
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
    await settingsItem.setValue({
      serverUrl: 'https://s.example',
      token: 't',
      sitePatterns: [],
      detectLms: true,
    });
    const cache: AlertCache = {
      alerts: [alert],
      fetchedAt: NOW - 120_000,
      error: { kind: 'unreachable', message: 'cannot reach', at: NOW },
      notified: [],
      role: 'admin',
    };
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

  it('switches the overlay for this site through the background', async () => {
    const asked: string[] = [];
    const { m } = model({ requestAccess: async (p) => (asked.push(p), true) });
    await m.load();
    await m.toggleOverlay();
    expect(await togglesItem.getValue()).toEqual({ 'canvas.example': false });
    expect(m.summary.value).toMatchObject({ overlayOn: false, reason: 'toggled-off' });
    await m.toggleOverlay();
    expect(m.summary.value).toMatchObject({ overlayOn: true, reason: 'toggled-on' });
    expect(asked).toEqual([]); // access was granted already
  });

  it('on a site without the content script, asks for access in the click and shows what the injected script says', async () => {
    const calls: string[] = [];
    const started: TabSummary = { ...summary, reason: 'toggled-on' };
    const { m } = model({
      summary: async () => null,
      site: async () => ({ host: 'canvas.example', pattern: 'https://canvas.example/*', access: false }),
      requestAccess: async (p) => (calls.push(`request ${p}`), false),
      switchOverlay: async (on) => (calls.push(`switch ${on}`), started),
    });
    await m.load();
    expect(m.summary.value).toBeNull();
    const done = m.toggleOverlay();
    // Both started before the first await: the permission prompt needs the click's user gesture.
    expect(calls).toEqual(['request https://canvas.example/*', 'switch true']);
    await done;
    expect(m.summary.value).toEqual(started);
    expect(m.site.value).toEqual({
      host: 'canvas.example',
      pattern: 'https://canvas.example/*',
      access: false,
    });
  });

  it('says in plain words why the overlay could not be switched on, and grants access on request', async () => {
    let granted = false;
    const started: TabSummary = { ...summary, overlayOn: true, reason: 'toggled-on' };
    const { m } = model({
      summary: async () => null,
      site: async () => ({ host: 'canvas.example', pattern: 'https://canvas.example/*', access: false }),
      requestAccess: async () => granted,
      switchOverlay: async () => {
        if (!granted)
          throw new Error(
            'Cannot access contents of url "https://canvas.example/courses/1". Extension manifest must request permission to access this host.',
          );
        return started;
      },
    });
    await m.load();
    await m.toggleOverlay();
    expect(m.switchProblem.value).toEqual({
      text: expect.stringMatching(/^Sightline needs your permission to read pages on canvas\.example\./),
      canGrant: true,
    });
    expect(m.summary.value).toBeNull();
    // Refused at the prompt: said so.
    await m.grantAccess();
    expect(m.switchProblem.value?.text).toBe(
      'Access to canvas.example was not granted. The overlay runs here only once it is.',
    );
    granted = true;
    await m.grantAccess();
    expect(m.switchProblem.value).toBeNull();
    expect(m.summary.value).toEqual(started);
    expect(m.site.value?.access).toBe(true);
  });

  it('has no switch on a browser page', async () => {
    const switched: boolean[] = [];
    const { m } = model({
      summary: async () => null,
      site: async () => null,
      switchOverlay: async (on) => (switched.push(on), null),
    });
    await m.load();
    await m.toggleOverlay();
    expect(switched).toEqual([]);
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
