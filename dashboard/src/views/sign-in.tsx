// Sign in with an API token: checked against the server, kept in sessionStorage only.
import { useState } from 'preact/hooks';
import type { Session } from '../models/session';

export function SignIn({ session }: { session: Session }) {
  const [value, setValue] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    void session.signIn(value);
  };
  return (
    <main class="signin" id="main">
      <h1>Sightline</h1>
      <form onSubmit={submit} class="card">
        <h2>Sign in</h2>
        <p class="muted">
          Paste an API token. A <strong>read</strong> token shows everything; an <strong>admin</strong> token
          can also acknowledge and silence alerts. The token stays in this tab (sessionStorage) until you
          close it or sign out.
        </p>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
          required
        />
        <button type="submit" disabled={session.checking.value}>
          {session.checking.value ? 'Checking…' : 'Sign in'}
        </button>
        {session.error.value && (
          <p class="form-problem" role="alert">
            {session.error.value}
          </p>
        )}
        <p class="muted small">
          No token? <code>npm start</code> prints the admin token on the first start (and{' '}
          <code>npm run seed-demo</code> when it fills a demo database). An admin creates read tokens with{' '}
          <code>POST /v1/tokens</code>.
        </p>
      </form>
    </main>
  );
}
