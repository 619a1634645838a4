import { describe, expect, it } from 'vitest';
import { createSession, SESSION_IDLE_MS, SESSION_KEY, SESSION_SYNC_MS, type SessionDeps } from './session';

/** sessionStorage stand-in, a settable clock and scripted random draws. */
function fakes(draws: number[] = [0.5]) {
  const data = new Map<string, string>();
  let now = 1_700_000_000_000;
  let n = 0;
  const deps: SessionDeps = {
    storage: { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) },
    now: () => now,
    random: () => draws[Math.min(n++, draws.length - 1)]!,
    newId: () => `session-${n}`,
  };
  return { deps, data, advance: (ms: number) => (now += ms), draws: () => n };
}

describe('createSession', () => {
  it('starts a session, stores it under sightline.session, and keeps it while active', () => {
    const { deps, data, advance } = fakes();
    const session = createSession(1, deps);
    const first = session.touch();
    expect(JSON.parse(data.get(SESSION_KEY)!)).toEqual(first);
    advance(SESSION_IDLE_MS - 1);
    expect(session.touch().id).toBe(first.id);
    advance(SESSION_IDLE_MS - 1); // an hour after the start, but never 30 minutes idle
    expect(session.touch().id).toBe(first.id);
  });

  it('renews after 30 minutes without activity, with a new sampling decision', () => {
    const { deps, advance } = fakes([0.9, 0.1]);
    const session = createSession(0.5, deps);
    const first = session.touch();
    expect(first.sampled).toBe(false);
    advance(SESSION_IDLE_MS + 1);
    const second = session.touch();
    expect(second.id).not.toBe(first.id);
    expect(second.sampled).toBe(true);
  });

  it('draws the sampling decision once per session, even across page loads', () => {
    const { deps, advance, draws } = fakes([0.3, 0.9, 0.9]);
    const first = createSession(0.5, deps).touch();
    expect(first.sampled).toBe(true);
    for (let page = 0; page < 5; page++) {
      advance(60_000);
      const again = createSession(0.5, deps).touch(); // a new page load in the same tab
      expect(again).toMatchObject({ id: first.id, sampled: true });
    }
    expect(draws()).toBe(1);
  });

  it('keeps a sampled-out session out on later pages', () => {
    const { deps, advance } = fakes([0.99, 0.01]);
    expect(createSession(0.1, deps).touch().sampled).toBe(false);
    advance(5 * 60_000);
    expect(createSession(0.1, deps).touch().sampled).toBe(false);
  });

  it('samples everything at rate 1, nothing at 0, and treats a bad rate as 1', () => {
    expect(createSession(1, fakes([0.999999]).deps).touch().sampled).toBe(true);
    expect(createSession(0, fakes([0]).deps).touch().sampled).toBe(false);
    expect(createSession(Number.NaN, fakes([0.999]).deps).touch().sampled).toBe(true);
    expect(createSession(7, fakes([0.999]).deps).touch().sampled).toBe(true);
  });

  it('replaces an unreadable or foreign stored value', () => {
    const { deps, data } = fakes();
    data.set(SESSION_KEY, '{"id":"bad id!","sampled":true,"last":1}');
    expect(createSession(1, deps).touch().id).toMatch(/^session-/);
    data.set(SESSION_KEY, 'not json');
    expect(createSession(1, deps).touch().id).toMatch(/^session-/);
  });

  it('works in memory when storage is missing or throws', () => {
    const { deps, advance } = fakes();
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    for (const storage of [undefined, throwing]) {
      const session = createSession(1, { ...deps, storage });
      const first = session.touch();
      advance(1_000);
      expect(session.touch().id).toBe(first.id);
    }
  });

  it('reads and writes storage at most once a minute while active, and at once on a renewal', () => {
    const { deps, advance } = fakes();
    let reads = 0;
    let writes = 0;
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => (reads++, data.get(k) ?? null),
      setItem: (k: string, v: string) => void (writes++, data.set(k, v)),
    };
    const session = createSession(1, { ...deps, storage });
    const first = session.touch();
    expect([reads, writes]).toEqual([1, 1]);
    for (let i = 0; i < 50; i++) {
      advance(1_000);
      session.touch();
    }
    expect([reads, writes]).toEqual([1, 1]);
    advance(SESSION_SYNC_MS);
    session.touch();
    expect([reads, writes]).toEqual([2, 2]);
    expect(JSON.parse(data.get(SESSION_KEY)!).last).toBe(deps.now!());
    // Another frame of this tab renewed the session meanwhile: seen at the next sync.
    data.set(SESSION_KEY, JSON.stringify({ id: 'other-frame-01', sampled: true, last: deps.now!() }));
    advance(SESSION_SYNC_MS);
    expect(session.touch().id).toBe('other-frame-01');
    expect(first.id).not.toBe('other-frame-01');
  });
});
