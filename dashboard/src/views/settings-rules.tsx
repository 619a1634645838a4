// Alert rules: enable or disable one, change its threshold, create one from a default
// rule's template; and silences: create one for a rule or site, expire one.
import { useState } from 'preact/hooks';
import { Empty, Section } from '../components/states';
import { useCtx } from '../context';
import { fmtTime } from '../models/format';
import { Field, Problem, Submit, useAction, useList, valueOf } from './settings-parts';

/** A default rule as written (server/src/core/alerts/defaults.ts): copied whole into a new rule. */
interface Template {
  id: string;
  name: string;
  description?: string;
  threshold?: number;
  clearThreshold?: number;
  [field: string]: unknown;
}

interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  threshold: number;
  comparison: string;
  source: string;
  state: string;
}

function RuleRow({ rule, onChange }: { rule: Rule; onChange: () => void }) {
  const ctx = useCtx();
  const act = useAction(onChange);
  const [threshold, setThreshold] = useState(String(rule.threshold));
  const path = `/v1/alerts/rules/${encodeURIComponent(rule.id)}`;
  const fixed = rule.source === 'file';
  return (
    <tr data-rule={rule.id}>
      <td>
        {rule.name} <span class="muted mono small">{rule.id}</span>
        <Problem text={act.problem} />
      </td>
      <td>
        <label>
          <input
            type="checkbox"
            checked={rule.enabled}
            disabled={fixed || act.busy}
            onChange={(e) =>
              act.run(() => ctx.api.patch(path, { enabled: (e.target as HTMLInputElement).checked }))
            }
          />{' '}
          {rule.enabled ? 'enabled' : 'disabled'}
        </label>
      </td>
      <td>
        <form
          class="inline"
          onSubmit={(e) => (
            e.preventDefault(),
            act.run(() => ctx.api.patch(path, { threshold: Number(threshold) }))
          )}
        >
          <span class="mono">{rule.comparison}</span>{' '}
          <input
            type="number"
            step="any"
            required
            class="num-input"
            aria-label={`Threshold of ${rule.name}`}
            value={threshold}
            disabled={fixed}
            onInput={(e) => setThreshold(valueOf(e))}
          />{' '}
          {!fixed && (
            <button type="submit" disabled={act.busy || threshold === String(rule.threshold)}>
              Save
            </button>
          )}
        </form>
      </td>
      <td class="muted small">{fixed ? 'rules file' : rule.source}</td>
    </tr>
  );
}

function FromTemplate({ onDone }: { onDone: () => void }) {
  const ctx = useCtx();
  const templates = useList<{ templates: Template[] }>('/v1/alerts/templates');
  const act = useAction(onDone);
  const [pick, setPick] = useState('');
  const [id, setId] = useState('');
  const [threshold, setThreshold] = useState('');
  const list = templates.data.value?.templates ?? [];
  const chosen = list.find((t) => t.id === pick);
  const create = async (e: Event) => {
    e.preventDefault();
    if (!chosen) return;
    // A new threshold drops the template's hysteresis, which was set for the old one.
    const { clearThreshold, ...rest } = chosen;
    const changed = threshold !== '' && Number(threshold) !== chosen.threshold;
    await act.run(() =>
      ctx.api.post('/v1/alerts/rules', {
        ...rest,
        ...(changed
          ? { threshold: Number(threshold) }
          : clearThreshold === undefined
            ? {}
            : { clearThreshold }),
        id,
        name: `${chosen.name} (${id})`,
      }),
    );
  };
  return (
    <form class="form" onSubmit={create} aria-label="New rule from a template">
      <h3>New rule from a default</h3>
      <Field label="Template">
        <select
          value={pick}
          required
          onChange={(e) => {
            const t = list.find((x) => x.id === valueOf(e));
            setPick(valueOf(e));
            setThreshold(t?.threshold === undefined ? '' : String(t.threshold));
          }}
        >
          <option value="">Choose a default rule…</option>
          {list.map((t) => (
            <option value={t.id}>{t.name}</option>
          ))}
        </select>
      </Field>
      {chosen?.description && <p class="muted small">{chosen.description}</p>}
      <Field label="Id of the new rule">
        <input value={id} required pattern="[a-z0-9][a-z0-9_\-]*" onInput={(e) => setId(valueOf(e))} />
      </Field>
      <Field label="Threshold">
        <input type="number" step="any" value={threshold} onInput={(e) => setThreshold(valueOf(e))} />
      </Field>
      <Submit label="Create rule" busy={act.busy || !chosen} problem={act.problem ?? templates.error.value} />
    </form>
  );
}

export function RulesSettings() {
  const rules = useList<{ rules: Rule[] }>('/v1/alerts/rules');
  return (
    <Section title="Rules" res={rules} onRetry={rules.retry} id="settings-rules">
      {(d) => (
        <>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>Rule</th>
                  <th>On</th>
                  <th>Threshold</th>
                  <th>From</th>
                </tr>
              </thead>
              <tbody>
                {d.rules.map((r) => (
                  <RuleRow key={`${r.id}|${r.threshold}|${r.enabled}`} rule={r} onChange={rules.retry} />
                ))}
              </tbody>
            </table>
          </div>
          <FromTemplate onDone={rules.retry} />
        </>
      )}
    </Section>
  );
}

interface SilenceItem {
  id: string;
  rule: string | null;
  site: string | null;
  endsAt: string;
  comment: string;
  createdBy: string;
  state: string;
}

export function SilencesSettings() {
  const ctx = useCtx();
  const silences = useList<{ silences: SilenceItem[] }>('/v1/alerts/silences');
  const act = useAction(silences.retry);
  const [form, setForm] = useState({ rule: '', site: '', duration: '1h', comment: '' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: valueOf(e) });
  const create = (e: Event) => {
    e.preventDefault();
    const { rule, site, duration, comment } = form;
    void act.run(() =>
      ctx.api.post('/v1/alerts/silences', {
        ...(rule ? { rule } : {}),
        ...(site ? { site } : {}),
        duration,
        comment,
      }),
    );
  };
  const live = (silences.data.value?.silences ?? []).filter((s) => s.state !== 'expired');
  return (
    <Section title="Silences" res={silences} onRetry={silences.retry} id="settings-silences">
      {() => (
        <>
          {live.length ? (
            <ul class="plain">
              {live.map((s) => (
                <li data-silence={s.id}>
                  {s.rule ? `rule ${s.rule}` : 'every rule'}
                  {s.site ? ` on ${s.site}` : ''} until {fmtTime(s.endsAt)} ({s.state}, by {s.createdBy})
                  {s.comment && <span class="muted"> · {s.comment}</span>}{' '}
                  <button
                    type="button"
                    class="link-button"
                    disabled={act.busy}
                    onClick={() =>
                      act.run(() => ctx.api.del(`/v1/alerts/silences/${encodeURIComponent(s.id)}`))
                    }
                  >
                    End now
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No active or pending silences.</Empty>
          )}
          <form class="form" onSubmit={create} aria-label="New silence">
            <h3>New silence</h3>
            <Field label="Rule id (empty: every rule of the site)">
              <input value={form.rule} onInput={set('rule')} />
            </Field>
            <Field label="Site id (empty: every site)">
              <input value={form.site} onInput={set('site')} placeholder={ctx.site.value} />
            </Field>
            <Field label="For">
              <select value={form.duration} onChange={set('duration')}>
                {['1h', '4h', '24h', '7d'].map((d) => (
                  <option value={d}>{d}</option>
                ))}
              </select>
            </Field>
            <Field label="Why">
              <input value={form.comment} maxLength={1024} onInput={set('comment')} />
            </Field>
            <Submit label="Silence" busy={act.busy} problem={act.problem} />
          </form>
        </>
      )}
    </Section>
  );
}
