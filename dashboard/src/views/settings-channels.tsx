// Notification channels: create a webhook or Slack channel, edit its name and URL
// (secrets kept unless given), and send a test notification that says what the target answered.
import { useState } from 'preact/hooks';
import { Empty, Section } from '../components/states';
import { useCtx } from '../context';
import { Field, Problem, Submit, useAction, useList, valueOf } from './settings-parts';

interface Channel {
  id: string;
  type: string;
  name?: string;
  url?: string;
  source: string;
}
interface TestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

function ChannelRow({ ch, onChange }: { ch: Channel; onChange: () => void }) {
  const ctx = useCtx();
  const act = useAction(onChange);
  const test = useAction();
  const [result, setResult] = useState<TestResult | null>(null);
  const [name, setName] = useState(ch.name ?? '');
  const [url, setUrl] = useState('');
  const path = `/v1/alerts/channels/${encodeURIComponent(ch.id)}`;
  const editable = ch.source !== 'file';
  const send = async () => {
    setResult(null);
    setResult((await test.run(() => ctx.api.post<TestResult>(`${path}/test`))) ?? null);
  };
  return (
    <details class="setting" data-channel={ch.id}>
      <summary>
        <strong>{ch.name || ch.id}</strong> <span class="muted small">{ch.type}</span>{' '}
        <span class="muted mono small">{ch.url}</span>
      </summary>
      <div class="actions">
        <button type="button" disabled={test.busy} onClick={send}>
          Send test
        </button>
        {result && (
          <span class={result.ok ? 'test-ok' : 'form-problem'} role="status" data-testid="test-result">
            {result.ok
              ? `Delivered: the target answered ${result.status}.`
              : `Not delivered: ${result.error ?? `status ${result.status}`}`}
          </span>
        )}
      </div>
      <Problem text={test.problem} />
      {editable ? (
        <form
          class="form"
          onSubmit={(e) => (
            e.preventDefault(),
            act.run(() => ctx.api.patch(path, { ...(name ? { name } : {}), ...(url ? { url } : {}) }))
          )}
        >
          <Field label="Name">
            <input value={name} maxLength={128} onInput={(e) => setName(valueOf(e))} />
          </Field>
          {(ch.type === 'webhook' || ch.type === 'slack') && (
            <Field label="New URL (empty keeps the current one)">
              <input type="url" value={url} onInput={(e) => setUrl(valueOf(e))} />
            </Field>
          )}
          <div class="actions">
            <button type="submit" disabled={act.busy}>
              Save
            </button>
            <button
              type="button"
              disabled={act.busy}
              onClick={() => confirm(`Delete channel ${ch.id}?`) && act.run(() => ctx.api.del(path))}
            >
              Delete
            </button>
          </div>
          <Problem text={act.problem} />
        </form>
      ) : (
        <p class="muted small">From the rules file: change it there.</p>
      )}
    </details>
  );
}

export function ChannelsSettings() {
  const ctx = useCtx();
  const channels = useList<{ channels: Channel[] }>('/v1/alerts/channels');
  const act = useAction(channels.retry);
  const [form, setForm] = useState({ id: '', type: 'webhook', url: '', secret: '' });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: valueOf(e) });
  const create = async (e: Event) => {
    e.preventDefault();
    const { id, type, url, secret } = form;
    const made = await act.run(() =>
      ctx.api.post('/v1/alerts/channels', {
        id,
        type,
        url,
        ...(type === 'webhook' && secret ? { secret } : {}),
      }),
    );
    if (made) setForm({ id: '', type: 'webhook', url: '', secret: '' });
  };
  return (
    <Section title="Channels" res={channels} onRetry={channels.retry} id="settings-channels">
      {(d) => (
        <>
          {d.channels.length ? (
            d.channels.map((ch) => <ChannelRow key={ch.id} ch={ch} onChange={channels.retry} />)
          ) : (
            <Empty>No channels: alerts are recorded but sent nowhere.</Empty>
          )}
          <form class="form" onSubmit={create} aria-label="New channel">
            <h3>New channel</h3>
            <p class="muted small">
              Email and PagerDuty channels: POST /v1/alerts/channels or the rules file (docs/alerts.md).
            </p>
            <Field label="Id (the name rules use: lower-case letters, digits, - and _)">
              <input value={form.id} required pattern="[a-z0-9][a-z0-9_\-]*" onInput={set('id')} />
            </Field>
            <Field label="Type">
              <select value={form.type} onChange={set('type')}>
                <option value="webhook">Webhook (Alertmanager JSON)</option>
                <option value="slack">Slack incoming webhook</option>
              </select>
            </Field>
            <Field label="URL">
              <input type="url" value={form.url} required onInput={set('url')} />
            </Field>
            {form.type === 'webhook' && (
              <Field label="Signing secret (optional, at least 16 characters)">
                <input value={form.secret} minLength={16} onInput={set('secret')} />
              </Field>
            )}
            <Submit label="Create channel" busy={act.busy} problem={act.problem} />
          </form>
        </>
      )}
    </Section>
  );
}
