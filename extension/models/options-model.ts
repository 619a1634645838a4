// The options page's state: a draft of the settings, saving (with access to the
// server and to the sites the overlay runs on asked first) and "test connection".
import { signal } from '@preact/signals';
import { ALL_SITES, hostOrigins } from '../lib/overlay-matches';
import type { ConnectionResult } from '../lib/server-client';
import { normaliseServerUrl, originPattern } from '../lib/server-client';
import { parsePatterns } from '../lib/site-match';
import type { Settings } from '../lib/types';

export interface OptionsDeps {
  load: () => Promise<Settings>;
  save: (s: Settings) => Promise<void>;
  /** One permissions.request for all these origin patterns; must start within the click's user gesture. */
  requestPermissions: (patterns: string[]) => Promise<boolean>;
  /** permissions.contains for one origin pattern. */
  hasPermission: (pattern: string) => Promise<boolean>;
  testConnection: (s: Settings) => Promise<ConnectionResult>;
}

export interface OptionsDraft {
  serverUrl: string;
  token: string;
  patterns: string;
  detectLms: boolean;
  detectLmsEverywhere: boolean;
}

/** What saving asks access for, each with what is lost without it. */
function accessWanted(s: Settings): { name: string; patterns: string[]; without: string }[] {
  return [
    ...(s.serverUrl
      ? [
          {
            name: new URL(s.serverUrl).origin,
            patterns: [originPattern(s.serverUrl)],
            without: 'alerts and field data cannot load',
          },
        ]
      : []),
    ...s.sitePatterns.map((p) => ({
      name: p,
      patterns: hostOrigins(p)!,
      without: 'the overlay does not run there',
    })),
    ...(s.detectLms && s.detectLmsEverywhere
      ? [
          {
            name: 'every site',
            patterns: ALL_SITES,
            without: 'Canvas and Moodle are detected on the hosts listed only',
          },
        ]
      : []),
  ];
}

export function createOptionsModel(deps: OptionsDeps) {
  const draft = signal<OptionsDraft>({
    serverUrl: '',
    token: '',
    patterns: '',
    detectLms: true,
    detectLmsEverywhere: false,
  });
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
    const sitePatterns = parsePatterns(d.patterns);
    const wrong = sitePatterns.find((p) => !hostOrigins(p));
    if (wrong)
      throw new Error(
        `Hosts: "${wrong}" is not a host pattern (like moodle.example.edu or *.instructure.com)`,
      );
    return {
      serverUrl,
      token: d.token.trim(),
      sitePatterns,
      detectLms: d.detectLms,
      detectLmsEverywhere: d.detectLms && d.detectLmsEverywhere,
    };
  }

  /** Asks for all of it in one prompt, at once: the click's user gesture ends at the first await. */
  function permit(wanted: { patterns: string[] }[]): Promise<boolean> {
    const patterns = wanted.flatMap((w) => w.patterns);
    return patterns.length ? deps.requestPermissions(patterns).catch(() => false) : Promise.resolve(true);
  }

  /** The prompt grants all or nothing, but some may have been granted before: ask which are missing. */
  async function missing(wanted: ReturnType<typeof accessWanted>) {
    const granted = await Promise.all(
      wanted.map(async (w) =>
        (await Promise.all(w.patterns.map((p) => deps.hasPermission(p).catch(() => false)))).every(Boolean),
      ),
    );
    return wanted.filter((_, i) => !granted[i]);
  }

  return {
    draft,
    status,
    test,
    async load() {
      const s = await deps.load();
      draft.value = {
        serverUrl: s.serverUrl,
        token: s.token,
        patterns: s.sitePatterns.join('\n'),
        detectLms: s.detectLms,
        detectLmsEverywhere: !!s.detectLmsEverywhere,
      };
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
      const wanted = accessWanted(s);
      const granted = permit(wanted);
      status.value = { kind: 'busy', message: 'Saving…' };
      const lacking = (await granted) ? [] : await missing(wanted);
      await deps.save(s);
      status.value = lacking.length
        ? {
            kind: 'error',
            message: `Saved, but access was not granted to ${lacking.map((w) => `${w.name} (${w.without})`).join('; ')}. Save again to be asked again.`,
          }
        : { kind: 'ok', message: 'Saved.' };
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
      const granted = permit([{ patterns: [originPattern(s.serverUrl)] }]);
      test.value = { ok: null, message: 'Testing…' };
      const ok = await granted;
      const result = await deps.testConnection(s);
      // Without the permission a fetch fails like an unreachable server: say which it is.
      test.value =
        !ok && !result.ok && result.kind === 'unreachable'
          ? {
              ok: false,
              kind: 'permission',
              message: `Permission to reach ${new URL(s.serverUrl).origin} was not granted: allow it when asked.`,
            }
          : result;
    },
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;
