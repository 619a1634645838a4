// Who is signed in: the API token lives in sessionStorage (gone when the tab
// closes, never in the URL), and its role decides what the page offers.
import { computed, signal } from '@preact/signals';
import type { MeResponse } from '../../../shared/dashboard';

export const TOKEN_KEY = 'sightline.dashboard.token';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createSession(storage: KeyValueStorage, whoAmI: (token: string) => Promise<MeResponse>) {
  const read = () => {
    try {
      return storage.getItem(TOKEN_KEY);
    } catch {
      return null; // storage blocked: sign in every time
    }
  };
  const token = signal<string | null>(read());
  const me = signal<MeResponse | null>(null);
  const error = signal<string | null>(null);
  const checking = signal(false);
  const isAdmin = computed(() => me.value?.role === 'admin');

  async function signIn(secret: string): Promise<boolean> {
    const trimmed = secret.trim();
    if (!trimmed) {
      error.value = 'Paste an API token (it starts with sl_).';
      return false;
    }
    checking.value = true;
    try {
      const who = await whoAmI(trimmed);
      if (who.role === 'ingest')
        throw new Error(
          'This is an ingest token: it can send events but read nothing. Use a read or admin token.',
        );
      try {
        storage.setItem(TOKEN_KEY, trimmed);
      } catch {
        // Kept in memory for this page only.
      }
      token.value = trimmed;
      me.value = who;
      error.value = null;
      return true;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      checking.value = false;
    }
  }

  /** Checks a token kept from before (a reload); drops it if the server refuses it. */
  async function resume(): Promise<void> {
    const kept = token.value;
    if (!kept || me.value) return;
    if (!(await signIn(kept))) signOut(error.value);
  }

  function signOut(why: string | null = null) {
    try {
      storage.removeItem(TOKEN_KEY);
    } catch {
      // nothing kept
    }
    token.value = null;
    me.value = null;
    error.value = why;
  }

  return { token, me, error, checking, isAdmin, signIn, resume, signOut };
}
export type Session = ReturnType<typeof createSession>;
