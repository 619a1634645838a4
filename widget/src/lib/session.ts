// The session: an id kept in sessionStorage, renewed after 30 minutes without
// activity, with the sampling decision made once and stored beside it, so a
// session is either wholly in or wholly out (as Faro and Datadog sample).
// Pure: storage, clock, randomness and ids are passed in.
import { ID_PATTERN, randomId } from './random-id';
import { attempt } from './safe';

export const SESSION_KEY = 'sightline.session';
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/**
 * Storage is synchronous, and touching it at every event was what start-up paid most
 * for (a CPU profile of the demo page): it is read and written at most once a minute
 * while the page is active, so another frame sees a `last` at most a minute old.
 */
export const SESSION_SYNC_MS = 60_000;

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
  // The browser's unless a test passes its own.
  now?: () => number;
  random?: () => number;
  newId?: () => string;
}

export interface Session {
  /** Marks activity now: renews the session when idle too long, and returns it. */
  touch(): SessionState;
}

/** The stored session; undefined when missing, unreadable or foreign. */
function read(storage: SessionDeps['storage']): SessionState | undefined {
  return attempt(() => {
    const { id, sampled, last } = JSON.parse(storage!.getItem(SESSION_KEY)!);
    if (typeof id === 'string' && ID_PATTERN.test(id) && typeof sampled === 'boolean' && last > 0)
      return { id, sampled, last };
  });
}

/** A `sampleRate` that is not a number counts as 1 (rates beyond 0..1 compare as 0 or 1 would). */
export function createSession(
  sampleRate: number,
  { storage, now = Date.now, random = Math.random, newId = () => randomId(12) }: SessionDeps,
): Session {
  const rate = Number.isFinite(sampleRate) ? sampleRate : 1;
  let memory: SessionState | undefined;
  let synced = -Infinity;
  return {
    touch() {
      const t = now();
      const stale = t - synced >= SESSION_SYNC_MS;
      // Storage first when stale: another frame of the same origin in this tab may have renewed it.
      let state = (stale && read(storage)) || memory;
      if (!state || t - state.last > SESSION_IDLE_MS)
        state = { id: newId(), sampled: random() < rate, last: t };
      const renewed = state.id !== memory?.id;
      const kept = (memory = { ...state, last: t });
      // Quota or security errors: the in-memory copy still works for this page.
      if (stale || renewed) attempt(() => storage?.setItem(SESSION_KEY, JSON.stringify(kept)));
      if (stale) synced = t;
      return kept;
    },
  };
}
