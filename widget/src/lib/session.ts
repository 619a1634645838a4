// The session: an id kept in sessionStorage, renewed after 30 minutes without
// activity, with the sampling decision made once and stored beside it, so a
// session is either wholly in or wholly out (as Faro and Datadog sample).
// Pure: storage, clock, randomness and ids are passed in.
import { ID_PATTERN } from './random-id';

export const SESSION_KEY = 'sightline.session';
export const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface SessionState {
  id: string;
  /** Whether this session's events are sent at all. */
  sampled: boolean;
  /** Epoch ms of the last activity. */
  last: number;
}

export interface SessionDeps {
  /** Undefined when storage is blocked (sandboxed or partitioned frames): the session then lives in memory. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  now: () => number;
  random: () => number;
  newId: () => string;
}

export interface Session {
  /** Marks activity now: renews the session when idle too long, and returns it. */
  touch(): SessionState;
}


function read(storage: SessionDeps['storage']): SessionState | undefined {
  try {
    const value: unknown = JSON.parse(storage?.getItem(SESSION_KEY) ?? 'null');
    if (!value || typeof value !== 'object') return undefined;
    const { id, sampled, last } = value as Record<string, unknown>;
    if (typeof id === 'string' && ID_PATTERN.test(id) && typeof sampled === 'boolean' && typeof last === 'number') {
      return { id, sampled, last };
    }
  } catch {
    // Unreadable or foreign value: start a new session.
  }
  return undefined;
}

function write(storage: SessionDeps['storage'], state: SessionState): void {
  try {
    storage?.setItem(SESSION_KEY, JSON.stringify(state));
  } catch {
    // Quota or security errors: the in-memory copy still works for this page.
  }
}

/** `sampleRate` is clamped to 0..1; anything not a number counts as 1. */
export function createSession(sampleRate: number, deps: SessionDeps): Session {
  const rate = Number.isFinite(sampleRate) ? Math.min(1, Math.max(0, sampleRate)) : 1;
  let memory: SessionState | undefined;
  return {
    touch() {
      const now = deps.now();
      // Storage first: another frame of the same origin in this tab may have renewed it.
      let state = read(deps.storage) ?? memory;
      if (!state || now - state.last > SESSION_IDLE_MS) {
        state = { id: deps.newId(), sampled: deps.random() < rate, last: now };
      }
      memory = { ...state, last: Math.max(state.last, now) };
      write(deps.storage, memory);
      return memory;
    },
  };
}

/** sessionStorage if this page may use it; reading the property itself throws in some sandboxes. */
export function sessionStorageOrUndefined(): Storage | undefined {
  try {
    const storage = globalThis.sessionStorage;
    storage.getItem(SESSION_KEY);
    return storage;
  } catch {
    return undefined;
  }
}
