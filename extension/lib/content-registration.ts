// Keeps the content script registered (scripting API) for exactly the sites the user chose
// and granted (overlay-matches.ts). The background syncs on start, when the settings or the
// per-site toggles change and when a permission is added or removed.
import type { Browser } from 'wxt/browser';
import { chosenOrigins, overlayMatches } from './overlay-matches';
import type { Settings } from './types';

type RegisteredContentScript = Browser.scripting.RegisteredContentScript;

/** The content script's bundle, as WXT writes it (`registration: 'runtime'`). */
export const CONTENT_SCRIPT = 'content-scripts/content.js';
export const SCRIPT_ID = 'sightline-overlay';

/** The part of `browser.scripting` that registers content scripts. */
export interface ScriptRegistry {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<RegisteredContentScript[]>;
  registerContentScripts(scripts: RegisteredContentScript[]): Promise<void>;
  updateContentScripts(scripts: RegisteredContentScript[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export interface RegistrationDeps {
  settings: () => Promise<Settings>;
  toggles: () => Promise<Record<string, boolean>>;
  /** permissions.contains for one origin. */
  granted: (origin: string) => Promise<boolean>;
  registry: ScriptRegistry;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function createContentRegistration(deps: RegistrationDeps) {
  async function apply(): Promise<string[]> {
    const [settings, toggles] = await Promise.all([deps.settings(), deps.toggles()]);
    const chosen = chosenOrigins(settings, toggles);
    const granted = await Promise.all(chosen.map((o) => deps.granted(o).catch(() => false)));
    const matches = overlayMatches(settings, toggles, new Set(chosen.filter((_, i) => granted[i])));
    const [current] = await deps.registry.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (!matches.length) {
      if (current) await deps.registry.unregisterContentScripts({ ids: [SCRIPT_ID] });
      return matches;
    }
    // The whole script each time: an update without persistAcrossSessions turns it off (Chrome).
    const script: RegisteredContentScript = {
      id: SCRIPT_ID,
      js: [CONTENT_SCRIPT],
      matches,
      allFrames: true,
      runAt: 'document_start',
      persistAcrossSessions: true,
    };
    if (!current) await deps.registry.registerContentScripts([script]);
    else if (!sameSet(current.matches ?? [], matches)) await deps.registry.updateContentScripts([script]);
    return matches;
  }

  // One sync at a time: two overlapping ones would both see no script and both register it
  // (the second fails on the duplicate id). Each reads the state afresh, so the last one wins.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    /** Brings the registration in line with the stored choices and the granted origins; resolves to the match patterns. */
    sync(): Promise<string[]> {
      const run = queue.then(apply, apply);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
