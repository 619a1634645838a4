// The popup: server state and alerts (acknowledge when allowed), this tab's
// metrics, the overlay switch and "Capture snapshot". Props only.
import type { AlertView } from '../../shared/alerts';
import type { AccessProblem } from '../lib/access-errors';
import { VITAL_NAMES } from '../../shared/limits';
import { ageText } from '../lib/alerts';
import { formatVital, RATING_TEXT } from '../lib/compare';
import type { CaptureResult, TabSummary } from '../lib/messages';
import type { AlertCache } from '../lib/types';
import type { TabSite } from '../models/popup-model';

export interface PopupViewProps {
  configured: boolean;
  serverUrl: string;
  cache: AlertCache;
  alerts: AlertView[];
  unreachable: boolean;
  /** ms since the alerts were fetched; null if never. */
  age: number | null;
  summary: TabSummary | null;
  /** This tab's site and whether Sightline has access to it; null for a browser page. */
  site: TabSite | null;
  switchProblem: AccessProblem | null;
  busy: 'poll' | 'capture' | null;
  capture: { result?: CaptureResult; error?: string } | null;
  ackErrors: Record<string, string>;
  reportUrl: string;
  historyUrl: string;
  onRefresh: () => void;
  onAck: (id: string) => void;
  onToggleOverlay: () => void;
  onGrantAccess: () => void;
  onCapture: () => void;
  onOpenOptions: () => void;
}

const REASONS: Record<string, string> = {
  'toggled-on': 'switched on for this site',
  'toggled-off': 'switched off for this site',
  pattern: 'this site matches a pattern in the options',
  lms: 'Canvas or Moodle detected',
  off: 'not a site chosen in the options',
};

export function PopupView(p: PopupViewProps) {
  return (
    <main>
      <h1>Sightline</h1>
      <ServerState {...p} />
      <section aria-label="Alerts">
        <h2>
          Active alerts <span data-testid="alert-count">{p.alerts.length}</span>
        </h2>
        {p.alerts.length === 0 ? (
          <p class="muted">{p.configured ? 'None.' : ''}</p>
        ) : (
          <ul class="alerts">
            {p.alerts.map((a) => (
              <li key={a.id} class={`sev-${a.severity}`} data-alert={a.id}>
                <a href={a.links.dashboard} target="_blank" rel="noopener noreferrer">
                  {a.name}
                </a>
                <span class="meta">
                  {' '}
                  {a.severity} · {a.state}
                  {a.route ? ` · ${a.route}` : ''} · value {a.value ?? '–'} {a.comparison} {a.threshold}
                </span>
                {a.acknowledged ? (
                  <span class="acked"> acknowledged by {a.acknowledged.by}</span>
                ) : (
                  p.cache.role === 'admin' && (
                    <button type="button" onClick={() => p.onAck(a.id)}>
                      Acknowledge
                    </button>
                  )
                )}
                {p.ackErrors[a.id] && <p class="error">{p.ackErrors[a.id]}</p>}
              </li>
            ))}
          </ul>
        )}
        {p.configured && (
          <a href={`${p.serverUrl}/dashboard/alerts`} target="_blank" rel="noopener noreferrer">
            Open the alerts dashboard
          </a>
        )}
      </section>
      <section aria-label="This tab">
        <h2>This tab</h2>
        <OverlaySwitch {...p} />
        {p.summary && (
          <table class="summary">
            <thead>
              <tr>
                <th />
                {p.summary.frames.map((f, i) => (
                  <th key={f.key}>{i === 0 ? 'Page' : 'Tool frame'}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {VITAL_NAMES.map((n) => (
                <tr key={n}>
                  <th>{n}</th>
                  {p.summary!.frames.map((f) => {
                    const r = f.vitals[n];
                    return (
                      <td key={f.key} class={r?.rating}>
                        {r ? `${formatVital(n, r.value)} ${RATING_TEXT[r.rating]}` : '–'}
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <th>Errors</th>
                {p.summary.frames.map((f) => (
                  <td key={f.key}>{f.errors}</td>
                ))}
              </tr>
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Snapshot">
        <button
          type="button"
          class="primary"
          disabled={!p.summary || p.busy === 'capture'}
          onClick={p.onCapture}
          data-testid="capture"
        >
          {p.busy === 'capture' ? 'Capturing…' : 'Capture snapshot'}
        </button>
        <CaptureOutcome capture={p.capture} reportUrl={p.reportUrl} />
      </section>
      <footer>
        <button type="button" class="link" onClick={p.onOpenOptions}>
          Options
        </button>{' '}
        ·{' '}
        <a href={p.historyUrl} target="_blank" rel="noopener" data-testid="history-link">
          Snapshot history
        </a>
      </footer>
    </main>
  );
}

/** The overlay switch for this tab's site, and why Sightline does not run here when it does not. */
function OverlaySwitch(p: PopupViewProps) {
  if (!p.site)
    return (
      <p class="muted" data-testid="no-summary">
        No measurements here (a browser page).
      </p>
    );
  const { host, access } = p.site;
  const on = !!p.summary?.overlayOn;
  return (
    <>
      <p>
        <label>
          <input type="checkbox" checked={on} onChange={p.onToggleOverlay} data-testid="overlay-toggle" />{' '}
          Overlay on {host}
        </label>
        {p.summary && <span class="muted"> ({REASONS[p.summary.reason] ?? p.summary.reason})</span>}
      </p>
      {!p.summary && (
        <p class="notice" data-testid="not-running">
          {access
            ? `Sightline is not running on this page: ${host} is not a site chosen in the options, or the page was loaded before it was. Switch the overlay on to start it here.`
            : `Sightline has no access to ${host}. Switching the overlay on asks for it and starts it here.`}
        </p>
      )}
      {on && !access && (
        <p class="notice" data-testid="access-notice">
          On in this tab only: without access to {host} it is off again after a reload. Switch it off and on
          to be asked again.
        </p>
      )}
      {p.switchProblem && (
        <div class="error" data-testid="switch-error">
          <p>{p.switchProblem.text}</p>
          {p.switchProblem.canGrant && (
            <button type="button" onClick={p.onGrantAccess} data-testid="grant-access">
              Grant access to {host}
            </button>
          )}
        </div>
      )}
    </>
  );
}

function ServerState(p: PopupViewProps) {
  if (!p.configured) {
    return (
      <p class="banner" data-testid="server-state">
        No Sightline server configured:{' '}
        <button type="button" class="link" onClick={p.onOpenOptions}>
          set one in the options
        </button>{' '}
        to see alerts and field data.
      </p>
    );
  }
  const err = p.cache.error;
  return (
    <p class={`banner${p.unreachable ? ' down' : ''}`} data-testid="server-state">
      {err && p.unreachable ? (
        <>
          Server unreachable: {err.message}.{' '}
          {p.age === null ? 'No alerts known yet.' : `Showing the last known state, from ${ageText(p.age)}.`}
        </>
      ) : (
        <>
          Connected to {new URL(p.serverUrl).host}
          {p.age !== null ? `; updated ${ageText(p.age)}` : ''}.
        </>
      )}{' '}
      <button type="button" class="link" disabled={p.busy === 'poll'} onClick={p.onRefresh}>
        Refresh
      </button>
    </p>
  );
}

function CaptureOutcome({ capture, reportUrl }: { capture: PopupViewProps['capture']; reportUrl: string }) {
  if (!capture) return null;
  if (capture.error)
    return (
      <p class="error" data-testid="capture-error">
        Snapshot failed: {capture.error}
      </p>
    );
  const r = capture.result!;
  return (
    <div class="capture" data-testid="capture-result">
      {r.code ? (
        <p>
          Support code{' '}
          <strong class="code" data-testid="support-code">
            {r.code}
          </strong>
          : quote it in the ticket.
        </p>
      ) : r.upload === 'pending' ? (
        <p data-testid="queued-note">
          Not uploaded yet ({r.uploadError}). It is kept in this browser and uploads by itself once the server
          answers; its support code then shows in the snapshot history.
        </p>
      ) : (
        <p>{r.uploadError ? `Not uploaded: ${r.uploadError}` : 'Saved locally (no server configured).'}</p>
      )}
      {!r.snapshot.screenshot && (
        <p class="notice" data-testid="no-screenshot">
          No screenshot: the browser lets Sightline capture the tab only right after a click on its toolbar
          icon or Alt+Shift+S on the page. Open the popup that way and capture again to include one.
        </p>
      )}
      <p>
        {r.downloads.length ? `Saved ${r.downloads.join(' and ')}.` : 'Downloads were refused.'}{' '}
        <a href={`${reportUrl}?id=${encodeURIComponent(r.id)}`} target="_blank" rel="noopener">
          Open the report
        </a>
      </p>
    </div>
  );
}
