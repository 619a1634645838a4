// Alerts: firing and pending alerts with since/value/threshold, acknowledge and silence
// (admin tokens only: a read token sees no buttons, and the server refuses it anyway),
// history, silences and the rule list. Notifications link here: ?site=&rule=&alert=.
import { useState } from 'preact/hooks';
import type { AlertView, Comparison, Condition } from '../../../shared/alerts';
import { Empty, Section } from '../components/states';
import { SeverityPill, StatePill } from '../components/status';
import { useCtx, useQuery } from '../context';
import { alertText, measureOf, ruleText } from '../models/alert-text';
import { fmtAgo, fmtCount, fmtTime } from '../models/format';
import { Link } from './link';

interface Rule {
  id: string;
  name: string;
  severity: string;
  state: string;
  threshold: number;
  comparison: Comparison;
  enabled: boolean;
  source: string;
  condition: Condition;
}
interface HistoryItem {
  alertId: string;
  ruleId: string;
  siteId: string;
  event: string;
  at: string;
  value: number | null;
  note?: string;
}
interface SilenceItem {
  id: string;
  rule: string | null;
  site: string | null;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  state: string;
}

function AlertActions({ alert, onDone }: { alert: AlertView; onDone: () => void }) {
  const ctx = useCtx();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [duration, setDuration] = useState('1h');
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      onDone();
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!ctx.session.isAdmin.value)
    return <span class="muted small">Read-only token: an admin token can acknowledge or silence.</span>;
  return (
    <div class="actions">
      {!alert.acknowledged && (
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => ctx.api.post(`/v1/alerts/${encodeURIComponent(alert.id)}/ack`))}
        >
          Acknowledge
        </button>
      )}
      <label class="small">
        Silence rule on this site for{' '}
        <select value={duration} onChange={(e) => setDuration((e.target as HTMLSelectElement).value)}>
          {['1h', '4h', '24h', '7d'].map((d) => (
            <option value={d}>{d}</option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          act(() =>
            ctx.api.post('/v1/alerts/silences', {
              rule: alert.rule,
              site: alert.site,
              duration,
              comment: `from the dashboard (${alert.name})`,
            }),
          )
        }
      >
        Silence
      </button>
      {problem && (
        <span class="form-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}

export function AlertsView() {
  const ctx = useCtx();
  const { rule, alert } = ctx.url.value.filters;
  const site = ctx.site.value;
  const active = useQuery<{ alerts: AlertView[] }>('/v1/alerts', {}, { range: false, live: 'alerts' });
  const history = useQuery<{ history: HistoryItem[] }>(
    '/v1/alerts/history',
    { rule, alert, limit: 100 },
    { live: 'alerts' },
  );
  const rules = useQuery<{ rules: Rule[] }>(
    '/v1/alerts/rules',
    {},
    { range: false, site: false, live: 'alerts' },
  );
  const silences = useQuery<{ silences: SilenceItem[] }>(
    '/v1/alerts/silences',
    {},
    { range: false, site: false, live: 'alerts' },
  );
  const refresh = () => [active, history, rules, silences].forEach((r) => r.retry());
  const [showNodata, setShowNodata] = useState(false);
  const conditionOf = new Map(rules.data.value?.rules.map((r) => [r.id, r.condition]) ?? []);
  const now = Date.now();
  return (
    <>
      {(rule || alert) && (
        <p class="filter-note">
          Showing{' '}
          {alert ? (
            <>
              alert <span class="mono">{alert}</span>
            </>
          ) : null}
          {alert && rule ? ' of ' : ''}
          {rule ? (
            <>
              rule <span class="mono">{rule}</span>
            </>
          ) : null}
          . <Link view="alerts">Show all alerts</Link>
        </p>
      )}
      <Section title="Firing and pending" res={active} onRetry={active.retry} id="active-alerts">
        {(d) => {
          const matching = d.alerts.filter((a) => (!rule || a.rule === rule) && (!alert || a.id === alert));
          const shown = matching.filter((a) => a.state !== 'nodata');
          const nodata = matching.filter((a) => a.state === 'nodata');
          const item = (a: AlertView) => (
            <li class={`alert alert-${a.state}`} data-alert={a.id} data-state={a.state}>
              <div class="alert-head">
                <StatePill state={a.state} /> <SeverityPill severity={a.severity} /> <strong>{a.name}</strong>
                {a.route && <span class="mono small"> {a.route}</span>}
                {a.silenced && <span class="tag">silenced</span>}
                {a.acknowledged && <span class="tag">acknowledged by {a.acknowledged.by}</span>}
              </div>
              <div class="small">
                since {fmtTime(a.since)} ({fmtAgo(a.since, now)}) ·{' '}
                <strong data-value={a.value ?? ''}>
                  {alertText(conditionOf.get(a.rule), a.value, a.comparison, a.threshold)}
                </strong>{' '}
                · site {a.site}
                {a.links.runbook && (
                  <>
                    {' '}
                    ·{' '}
                    <a href={a.links.runbook} rel="noopener noreferrer" target="_blank">
                      runbook
                    </a>
                  </>
                )}
              </div>
              <AlertActions alert={a} onDone={refresh} />
            </li>
          );
          return (
            <>
              {shown.length ? (
                <ul class="alerts" data-testid="active-alerts">
                  {shown.map(item)}
                </ul>
              ) : (
                <Empty>
                  {alert ? (
                    <>
                      Alert <span class="mono">{alert}</span> is not firing or pending any more: see its
                      history below.
                    </>
                  ) : rule ? (
                    'Nothing of this rule is firing or pending.'
                  ) : (
                    'Nothing is firing or pending. Rules are evaluated every 30 s.'
                  )}
                </Empty>
              )}
              {nodata.length > 0 && (
                <details class="nodata">
                  <summary>
                    {nodata.length} alert(s) without enough data to decide (no data is not OK: a firing alert
                    keeps firing)
                  </summary>
                  <ul class="alerts">{nodata.map(item)}</ul>
                </details>
              )}
            </>
          );
        }}
      </Section>
      <Section title="History" res={history} onRetry={history.retry}>
        {(d) => {
          // No-data evaluations would fill the history: collapsed unless asked for.
          const nodata = d.history.filter((h) => h.event === 'nodata').length;
          const rows = showNodata ? d.history : d.history.filter((h) => h.event !== 'nodata');
          const toggle = nodata > 0 && (
            <p class="muted small">
              <button type="button" class="link-button" onClick={() => setShowNodata(!showNodata)}>
                {showNodata ? 'Hide' : 'Show'} {fmtCount(nodata)} no-data event(s)
              </button>
            </p>
          );
          return (
            <>
              {toggle}
              {rows.length ? (
                <div class="table-wrap">
                  <table class="table" data-testid="alert-history">
                    <thead>
                      <tr>
                        <th scope="col">when</th>
                        <th scope="col">event</th>
                        <th scope="col">rule</th>
                        <th scope="col">site</th>
                        <th scope="col" class="num">
                          value
                        </th>
                        <th scope="col">note</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((h) => (
                        <tr>
                          <td class="small">{fmtTime(h.at)}</td>
                          <td>
                            <StatePill state={h.event} />
                          </td>
                          <td>
                            <Link view="alerts" filters={{ rule: h.ruleId }} class="mono">
                              {h.ruleId}
                            </Link>
                          </td>
                          <td class="small">{h.siteId}</td>
                          <td class="num">
                            {h.value === null ? '—' : measureOf(conditionOf.get(h.ruleId)).fmt(h.value)}
                          </td>
                          <td class="small">{h.note ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <Empty>
                  {nodata ? 'Only no-data events in this range.' : 'No alert events in this range.'}
                </Empty>
              )}
            </>
          );
        }}
      </Section>
      <div class="grid-2">
        <Section title="Rules" res={rules} onRetry={rules.retry}>
          {(d) => (
            <table class="table" data-testid="alert-rules">
              <thead>
                <tr>
                  <th scope="col">rule</th>
                  <th scope="col">state</th>
                  <th scope="col">severity</th>
                  <th scope="col">condition</th>
                </tr>
              </thead>
              <tbody>
                {d.rules.map((r) => (
                  <tr data-rule={r.id}>
                    <td>
                      <Link view="alerts" filters={{ rule: r.id }}>
                        {r.name}
                      </Link>
                      <div class="muted small mono">
                        {r.id} · {r.source}
                      </div>
                    </td>
                    <td>
                      <StatePill state={r.state} />
                    </td>
                    <td>
                      <SeverityPill severity={r.severity} />
                    </td>
                    <td class="small">{ruleText(r.condition, r.comparison, r.threshold)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section title="Silences" res={silences} onRetry={silences.retry}>
          {(d) => {
            const current = d.silences.filter((s) => s.state !== 'expired');
            return current.length ? (
              <ul class="list">
                {current.map((s) => (
                  <li>
                    <span class="mono">{s.rule ?? 'any rule'}</span> on{' '}
                    <span class="mono">{s.site ?? 'any site'}</span> until {fmtTime(s.endsAt)}{' '}
                    <span class="muted small">
                      by {s.createdBy}
                      {s.comment ? `: ${s.comment}` : ''}
                    </span>
                    {ctx.session.isAdmin.value && (
                      <button
                        type="button"
                        class="link-button"
                        onClick={() =>
                          ctx.api
                            .del(`/v1/alerts/silences/${encodeURIComponent(s.id)}`)
                            .then(refresh, refresh)
                        }
                      >
                        End
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>
                No silences.{' '}
                {ctx.session.isAdmin.value
                  ? 'Silence an alert above to stop its notifications for a while.'
                  : ''}
              </Empty>
            );
          }}
        </Section>
      </div>
      {site && <p class="muted small">Active alerts of site {site}; history for the selected range.</p>}
    </>
  );
}
