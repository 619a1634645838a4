// The options page's state: a draft of the settings, saving (with the host
// permission for the server asked first) and "test connection".
import { signal } from '@preact/signals';
import type { ConnectionResult } from '../lib/server-client';
import { normaliseServerUrl, originPattern } from '../lib/server-client';
import { parsePatterns } from '../lib/site-match';
import type { Settings } from '../lib/types';

export interface OptionsDeps {
  load: () => Promise<Settings>;
  save: (s: Settings) => Promise<void>;
  /** permissions.request for an origin pattern; must start within the click's user gesture. */
  requestPermission: (pattern: string) => Promise<boolean>;
  testConnection: (s: Settings) => Promise<ConnectionResult>;
}

export interface OptionsDraft {
  serverUrl: string;
  token: string;
  patterns: string;
  detectLms: boolean;
}

export function createOptionsModel(deps: OptionsDeps) {
  const draft = signal<OptionsDraft>({ serverUrl: '', token: '', patterns: '', detectLms: true });
  const status = signal<{ kind: 'ok' | 'error' | 'busy'; message: string } | null>(null);
  const test = signal<ConnectionResult | { ok: null; message: string } | null>(null);

  /** The draft as settings; throws with a message naming the field that is wrong. */
  function settingsOf(d: OptionsDraft): Settings {
    let serverUrl = '';
    if (d.serverUrl.trim()) {
      try {
        serverUrl = normaliseServerUrl(d.serverUrl);
      } catch (err) {
        throw new Error(`Server URL: ${err instanceof TypeError ? 'not a URL' : (err as Error).message}`);
      }
    }
    return { serverUrl, token: d.token.trim(), sitePatterns: parsePatterns(d.patterns), detectLms: d.detectLms };
  }

  /** Asks for the server's host permission first (while the click's user gesture lasts). */
  function permit(s: Settings): Promise<boolean> {
    return s.serverUrl ? deps.requestPermission(originPattern(s.serverUrl)) : Promise.resolve(true);
  }

  return {
    draft, status, test,
    async load() {
      const s = await deps.load();
      draft.value = { serverUrl: s.serverUrl, token: s.token, patterns: s.sitePatterns.join('\n'), detectLms: s.detectLms };
    },
    edit(patch: Partial<OptionsDraft>) {
      draft.value = { ...draft.value, ...patch };
    },
    async save() {
      let s: Settings;
      try {
        s = settingsOf(draft.value);
      } catch (err) {
        status.value = { kind: 'error', message: (err as Error).message };
        return;
      }
      const granted = permit(s);
      status.value = { kind: 'busy', message: 'Saving…' };
      const ok = await granted.catch(() => false);
      await deps.save(s);
      status.value = ok
        ? { kind: 'ok', message: 'Saved.' }
        : { kind: 'error', message: `Saved, but permission to reach ${new URL(s.serverUrl).origin} was not granted: alerts and field data may not load.` };
    },
    async testConnection() {
      let s: Settings;
      try {
        s = settingsOf(draft.value);
      } catch (err) {
        test.value = { ok: false, kind: 'unconfigured', message: (err as Error).message };
        return;
      }
      if (!s.serverUrl) {
        test.value = { ok: false, kind: 'unconfigured', message: 'Enter the server URL first.' };
        return;
      }
      const granted = permit(s);
      test.value = { ok: null, message: 'Testing…' };
      const ok = await granted.catch(() => false);
      const result = await deps.testConnection(s);
      // Without the permission a fetch fails like an unreachable server: say which it is.
      test.value = !ok && !result.ok && result.kind === 'unreachable'
        ? { ok: false, kind: 'permission', message: `Permission to reach ${new URL(s.serverUrl).origin} was not granted: allow it when asked.` }
        : result;
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
