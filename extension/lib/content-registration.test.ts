import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { createContentRegistration, SCRIPT_ID, type ScriptRegistry } from './content-registration';
import { DEFAULT_SETTINGS, type Settings } from './types';

type Script = Browser.scripting.RegisteredContentScript;

/** An in-memory scripting API that, like Chrome's, refuses a duplicate id and yields between calls. */
function fakeRegistry() {
  const scripts = new Map<string, Script>();
  const calls: string[] = [];
  const tick = () => new Promise((r) => setTimeout(r, 1));
  const registry: ScriptRegistry = {
    async getRegisteredContentScripts({ ids }) {
      await tick();
      return ids.flatMap((id) => (scripts.has(id) ? [structuredClone(scripts.get(id)!)] : []));
    },
    async registerContentScripts(list) {
      calls.push('register');
      await tick();
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, s);
      }
    },
    async updateContentScripts(list) {
      calls.push('update');
      await tick();
      for (const s of list) scripts.set(s.id, { ...scripts.get(s.id)!, ...s });
    },
    async unregisterContentScripts({ ids }) {
      calls.push('unregister');
      await tick();
      for (const id of ids) scripts.delete(id);
    },
  };
  return { registry, calls, script: () => scripts.get(SCRIPT_ID) };
}

function setup(granted: string[]) {
  let settings: Settings = { ...DEFAULT_SETTINGS, sitePatterns: ['lms.example.edu'] };
  let toggles: Record<string, boolean> = {};
  const fake = fakeRegistry();
  const registration = createContentRegistration({
    settings: async () => settings,
    toggles: async () => toggles,
    granted: async (origin) => granted.includes(origin),
    registry: fake.registry,
  });
  return {
    ...fake,
    registration,
    setSettings: (patch: Partial<Settings>) => (settings = { ...settings, ...patch }),
    setToggles: (t: Record<string, boolean>) => (toggles = t),
  };
}

describe('registering the content script', () => {
  it('registers the chosen and granted sites once, in every frame from document start, kept across sessions', async () => {
    const t = setup(['https://lms.example.edu/*']);
    expect(await t.registration.sync()).toEqual(['https://lms.example.edu/*']);
    expect(await t.registration.sync()).toEqual(['https://lms.example.edu/*']);
    expect(t.calls).toEqual(['register']);
    expect(t.script()).toEqual({
      id: 'sightline-overlay',
      js: ['content-scripts/content.js'],
      matches: ['https://lms.example.edu/*'],
      allFrames: true,
      runAt: 'document_start',
      persistAcrossSessions: true,
    });
  });

  it('follows the settings and the toggles, and unregisters when nothing is left', async () => {
    const t = setup(['https://lms.example.edu/*', 'http://news.example/*']);
    await t.registration.sync();
    t.setToggles({ 'news.example': true });
    await t.registration.sync();
    expect(t.script()?.matches).toEqual(['https://lms.example.edu/*', 'http://news.example/*']);
    t.setToggles({ 'news.example': false });
    t.setSettings({ sitePatterns: [] });
    await t.registration.sync();
    expect(t.script()).toBeUndefined();
    expect(t.calls).toEqual(['register', 'update', 'unregister']);
  });

  it('registers nothing for sites chosen but not granted', async () => {
    const t = setup([]);
    expect(await t.registration.sync()).toEqual([]);
    expect(t.calls).toEqual([]);
  });

  it('runs one sync at a time, so overlapping ones do not register twice', async () => {
    const t = setup(['https://lms.example.edu/*']);
    const results = await Promise.allSettled([
      t.registration.sync(),
      t.registration.sync(),
      t.registration.sync(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(t.calls).toEqual(['register']);
  });

  it('goes on after a failed sync', async () => {
    const t = setup(['https://lms.example.edu/*']);
    const register = t.registry.registerContentScripts;
    t.registry.registerContentScripts = async () => {
      throw new Error('refused');
    };
    await expect(t.registration.sync()).rejects.toThrow('refused');
    t.registry.registerContentScripts = register;
    expect(await t.registration.sync()).toEqual(['https://lms.example.edu/*']);
    expect(t.script()?.matches).toEqual(['https://lms.example.edu/*']);
  });
});
