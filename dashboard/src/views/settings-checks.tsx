// Synthetic checks: create one for the current site, pause or resume it, run it now.
import { useState } from 'preact/hooks';
import { Empty, Section } from '../components/states';
import { useCtx } from '../context';
import { Field, Problem, Submit, useAction, useList, valueOf } from './settings-parts';

interface Check {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  enabled: boolean;
  source: string;
  state: { status: string } | null;
}
interface RunAnswer {
  run: { ok: boolean; status: number | null; latencyMs: number; error: string | null };
}

function CheckRow({ check, onChange }: { check: Check; onChange: () => void }) {
  const ctx = useCtx();
  const act = useAction(onChange);
  const [ran, setRan] = useState<RunAnswer['run'] | null>(null);
  const path = `/v1/checks/${encodeURIComponent(check.id)}`;
  const runNow = async () =>
    setRan((await act.run(() => ctx.api.post<RunAnswer>(`${path}/run`)))?.run ?? null);
  return (
    <tr data-check={check.id}>
      <td>
        {check.name} <span class="muted mono small">{check.url}</span>
        <Problem text={act.problem} />
      </td>
      <td>{check.enabled ? (check.state?.status ?? 'unknown') : 'paused'}</td>
      <td>every {check.intervalSeconds} s</td>
      <td>
        <div class="actions">
          {check.source !== 'file' && (
            <button
              type="button"
              disabled={act.busy}
              onClick={() => act.run(() => ctx.api.patch(path, { enabled: !check.enabled }))}
            >
              {check.enabled ? 'Pause' : 'Resume'}
            </button>
          )}
          <button type="button" disabled={act.busy} onClick={runNow}>
            Run now
          </button>
          {ran && (
            <span class={ran.ok ? 'test-ok' : 'form-problem'} role="status" data-testid="run-result">
              {ran.ok ? `Passed (${ran.status}, ${ran.latencyMs} ms)` : `Failed: ${ran.error ?? ran.status}`}
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

export function ChecksSettings() {
  const ctx = useCtx();
  const checks = useList<{ checks: Check[] }>('/v1/checks');
  const act = useAction(checks.retry);
  const [form, setForm] = useState({ name: '', url: '', intervalSeconds: '60' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: valueOf(e) });
  const create = async (e: Event) => {
    e.preventDefault();
    const made = await act.run(() =>
      ctx.api.post('/v1/checks', {
        name: form.name,
        url: form.url,
        intervalSeconds: Number(form.intervalSeconds),
        ...(ctx.site.value ? { site: ctx.site.value } : {}),
      }),
    );
    if (made) setForm({ name: '', url: '', intervalSeconds: '60' });
  };
  return (
    <Section title="Synthetic checks" res={checks} onRetry={checks.retry} id="settings-checks">
      {(d) => (
        <>
          {d.checks.length ? (
            <div class="table-wrap">
              <table class="table">
                <tbody>
                  {d.checks.map((c) => (
                    <CheckRow key={`${c.id}|${c.enabled}`} check={c} onChange={checks.retry} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No checks yet.</Empty>
          )}
          <form class="form" onSubmit={create} aria-label="New check">
            <h3>New check</h3>
            <Field label="Name">
              <input value={form.name} required maxLength={128} onInput={set('name')} />
            </Field>
            <Field label="URL (a GET answering 2xx passes)">
              <input type="url" value={form.url} required onInput={set('url')} />
            </Field>
            <Field label="Every (seconds, at least 30)">
              <input type="number" min={30} value={form.intervalSeconds} onInput={set('intervalSeconds')} />
            </Field>
            <Submit label="Create check" busy={act.busy} problem={act.problem} />
          </form>
        </>
      )}
    </Section>
  );
}
