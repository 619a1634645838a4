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
  const input = (key: 'serverUrl' | 'token') => (e: Event) => p.onEdit({ [key]: (e.currentTarget as HTMLInputElement).value });
  return (
    <form onSubmit={(e) => (e.preventDefault(), p.onSave())}>
      <h1>Sightline options</h1>
      <fieldset>
        <legend>Server</legend>
        <label>Server URL <input name="serverUrl" type="url" placeholder="https://sightline.example.edu" value={p.draft.serverUrl} onInput={input('serverUrl')} /></label>
        <label>API token <input name="token" type="password" autocomplete="off" placeholder="sl_read_…" value={p.draft.token} onInput={input('token')} /></label>
        <p class="hint">A <em>read</em> token shows alerts and field data; an <em>admin</em> token can also acknowledge alerts. Saving asks for permission to reach this server only.</p>
        <button type="button" onClick={p.onTest} data-testid="test-connection">Test connection</button>
        {p.test && <p class={`result ${p.test.ok === true ? 'ok' : p.test.ok === false ? 'error' : ''}`} data-testid="test-result" role="status">{p.test.message}</p>}
      </fieldset>
      <fieldset>
        <legend>Where the overlay runs</legend>
        <label class="check">
          <input type="checkbox" name="detectLms" checked={p.draft.detectLms} onChange={(e) => p.onEdit({ detectLms: (e.currentTarget as HTMLInputElement).checked })} />
          {' '}On any page recognised as Canvas or Moodle
        </label>
        <label>And on these hosts (one per line; <code>*.instructure.com</code> matches every subdomain)
          <textarea name="patterns" rows={5} value={p.draft.patterns} onInput={(e) => p.onEdit({ patterns: (e.currentTarget as HTMLTextAreaElement).value })} />
        </label>
        <p class="hint">Everywhere else it is off until you switch it on from the popup or with the keyboard shortcut (Alt+Shift+S).</p>
      </fieldset>
      <button type="submit" class="primary" data-testid="save">Save</button>
      {p.status && <p class={`result ${p.status.kind}`} data-testid="save-status" role="status">{p.status.message}</p>}
    </form>
  );
}
