import { expect, it } from 'vitest';
import type { MeResponse } from '../../../shared/dashboard';
import { createSession, TOKEN_KEY } from './session';

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

const who = async (t: string): Promise<MeResponse> => {
  if (t === 'sl_read_ok') return { name: 'support', role: 'read', live: true };
  if (t === 'sl_admin_ok') return { name: 'ops', role: 'admin', live: true };
  if (t === 'sl_ingest_ok') return { name: 'backend', role: 'ingest', live: true };
  throw new Error('The server refused the token');
};

it('keeps a valid token in storage and knows its role', async () => {
  const storage = memory();
  const s = createSession(storage, who);
  expect(await s.signIn(' sl_read_ok ')).toBe(true);
  expect(storage.m.get(TOKEN_KEY)).toBe('sl_read_ok');
  expect(s.isAdmin.value).toBe(false);
  s.signOut();
  expect(storage.m.has(TOKEN_KEY)).toBe(false);
  expect(await s.signIn('sl_admin_ok')).toBe(true);
  expect(s.isAdmin.value).toBe(true);
});

it('refuses unknown and ingest tokens, and drops a kept token the server no longer accepts', async () => {
  const storage = memory();
  const s = createSession(storage, who);
  expect(await s.signIn('nope')).toBe(false);
  expect(s.error.value).toMatch(/refused/);
  expect(await s.signIn('sl_ingest_ok')).toBe(false);
  expect(s.error.value).toMatch(/ingest token/);
  storage.setItem(TOKEN_KEY, 'revoked');
  const again = createSession(storage, who);
  await again.resume();
  expect(again.token.value).toBeNull();
  expect(storage.m.has(TOKEN_KEY)).toBe(false);
});
