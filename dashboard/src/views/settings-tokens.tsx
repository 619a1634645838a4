// API tokens: create a read, admin or ingest token (its secret shown once), list them
// by name, role and last four characters, and revoke one (refused from its next request).
import { useState } from 'preact/hooks';
import { Section } from '../components/states';
import { useCtx } from '../context';
import { fmtTime } from '../models/format';
import { CopyButton, Field, Submit, useAction, useList, valueOf } from './settings-parts';

interface TokenInfo {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  last4: string | null;
}

export function TokensSettings() {
  const ctx = useCtx();
  const tokens = useList<{ tokens: TokenInfo[] }>('/v1/tokens');
  const act = useAction(tokens.retry);
  const [name, setName] = useState('');
  const [role, setRole] = useState('read');
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    const made = await act.run(() =>
      ctx.api.post<{ name: string; token: string }>('/v1/tokens', { name, role }),
    );
    if (made) (setSecret(made), setName(''));
  };
  const me = ctx.session.me.value?.name;
  return (
    <Section title="API tokens" res={tokens} onRetry={tokens.retry} id="settings-tokens">
      {(d) => (
        <>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Role</th>
                  <th>Ends with</th>
                  <th>Created</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.tokens.map((t) => (
                  <tr data-token={t.id}>
                    <td>{t.name}</td>
                    <td>{t.role}</td>
                    <td class="mono">{t.last4 ? `…${t.last4}` : '—'}</td>
                    <td>{fmtTime(t.createdAt)}</td>
                    <td>
                      <button
                        type="button"
                        disabled={act.busy}
                        onClick={() =>
                          confirm(
                            `Revoke ${t.name}${t.name === me ? ' (the token you are signed in with?)' : ''}? It stops working at once.`,
                          ) && act.run(() => ctx.api.del(`/v1/tokens/${encodeURIComponent(t.id)}`))
                        }
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {secret && (
            <div class="secret" role="status" data-testid="new-token">
              <p class="small">
                The token <strong>{secret.name}</strong>. Copy it now: it is stored hashed and cannot be shown
                again.
              </p>
              <div class="copy-row">
                <code class="tag">{secret.token}</code>
                <CopyButton text={secret.token} />
              </div>
            </div>
          )}
          <form class="form" onSubmit={create} aria-label="New token">
            <h3>New token</h3>
            <Field label="Name (who or what holds it)">
              <input value={name} required maxLength={128} onInput={(e) => setName(valueOf(e))} />
            </Field>
            <Field label="Role">
              <select value={role} onChange={(e) => setRole(valueOf(e))}>
                <option value="read">read: dashboards and the query API</option>
                <option value="admin">admin: also settings</option>
                <option value="ingest">ingest: the tool's server SDK only</option>
              </select>
            </Field>
            <Submit label="Create token" busy={act.busy} problem={act.problem} />
          </form>
        </>
      )}
    </Section>
  );
}
