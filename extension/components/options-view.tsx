// The options form. Props only.
import type { OptionsDraft } from '../models/options-model';
import type { ConnectionResult } from '../lib/server-client';

export interface OptionsViewProps {
  draft: OptionsDraft;
  status: { kind: 'ok' | 'error' | 'busy'; message: string } | null;
  test: ConnectionResult | { ok: null; message: string } | null;
  onEdit: (patch: Partial<OptionsDraft>) => void;
  onSave: () => void;
  onTest: () => void;
}

export function OptionsView(p: OptionsViewProps) {
  const input = (key: 'serverUrl' | 'token') => (e: Event) =>
    p.onEdit({ [key]: (e.currentTarget as HTMLInputElement).value });
  const check = (key: 'detectLms' | 'detectLmsEverywhere') => (e: Event) =>
    p.onEdit({ [key]: (e.currentTarget as HTMLInputElement).checked });
  return (
    <form onSubmit={(e) => (e.preventDefault(), p.onSave())}>
      <h1>Sightline options</h1>
      <fieldset>
        <legend>Server</legend>
        <label>
          Server URL{' '}
          <input
            name="serverUrl"
            type="url"
            placeholder="https://sightline.example.edu"
            value={p.draft.serverUrl}
            onInput={input('serverUrl')}
          />
        </label>
        <label>
          API token{' '}
          <input
            name="token"
            type="password"
            autocomplete="off"
            placeholder="sl_read_…"
            value={p.draft.token}
            onInput={input('token')}
          />
        </label>
        <p class="hint">
          A <em>read</em> token shows alerts and field data; an <em>admin</em> token can also acknowledge
          alerts.
        </p>
        <button type="button" onClick={p.onTest} data-testid="test-connection">
          Test connection
        </button>
        {p.test && (
          <p
            class={`result ${p.test.ok === true ? 'ok' : p.test.ok === false ? 'error' : ''}`}
            data-testid="test-result"
            role="status"
          >
            {p.test.message}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Where the overlay runs</legend>
        <label>
          On these hosts (one per line; <code>*.instructure.com</code> matches every subdomain)
          <textarea
            name="patterns"
            rows={5}
            value={p.draft.patterns}
            onInput={(e) => p.onEdit({ patterns: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </label>
        <label class="check">
          <input type="checkbox" name="detectLms" checked={p.draft.detectLms} onChange={check('detectLms')} />{' '}
          And on pages recognised as Canvas or Moodle, on the sites Sightline runs on
        </label>
        <label class="check">
          <input
            type="checkbox"
            name="detectLmsEverywhere"
            checked={p.draft.detectLms && p.draft.detectLmsEverywhere}
            disabled={!p.draft.detectLms}
            onChange={check('detectLmsEverywhere')}
          />{' '}
          Detect Canvas and Moodle on every site (asks for access to all sites)
        </label>
        <p class="hint">
          Sightline runs on the hosts above and on the sites switched on from the popup or with the keyboard
          shortcut (Alt+Shift+S); with the last box ticked, on every site, showing the overlay where Canvas or
          Moodle is recognised. Everywhere else the overlay is off.
        </p>
      </fieldset>
      <p class="hint">
        Saving asks for access to this server and to the hosts above (to every site with the last box ticked),
        in one prompt; nothing is asked at install.
      </p>
      <button type="submit" class="primary" data-testid="save">
        Save
      </button>
      {p.status && (
        <p class={`result ${p.status.kind}`} data-testid="save-status" role="status">
          {p.status.message}
        </p>
      )}
    </form>
  );
}
