import { describe, expect, it } from 'vitest';
import { DAY_KEY, deviceClass, USER_KEY, userId } from './user';

function storage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    store: () => ({
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    }),
  };
}
const newId = () => 'anon-0123456789';

describe('userId', () => {
  it("uses the site's pseudonymous key, cut to 64 characters, without touching storage", () => {
    const { data, store } = storage();
    expect(userId('h_9f86d081884c7d65', true, store, newId)).toBe('h_9f86d081884c7d65');
    expect(userId('k'.repeat(100), true, store, newId)).toHaveLength(64);
    expect(data.size).toBe(0);
  });

  it('otherwise keeps one anonymous id per browser in localStorage', () => {
    const { data, store } = storage();
    expect(userId(undefined, true, store, newId)).toBe('anon-0123456789');
    expect(data.get(USER_KEY)).toBe('anon-0123456789');
    expect(userId('', true, store, () => 'other-id-000000')).toBe('anon-0123456789');
  });

  it('replaces a stored value that is not an id', () => {
    const { store } = storage({ [USER_KEY]: 'bad value!' });
    expect(userId(undefined, true, store, newId)).toBe('anon-0123456789');
  });

  it('sends no user and forgets a kept id when the site turns anonymous ids off', () => {
    const { data, store } = storage({ [USER_KEY]: 'anon-kept-000001' });
    expect(userId(undefined, false, store, newId)).toBeUndefined();
    expect(data.has(USER_KEY)).toBe(false);
    expect(userId('site-key-1', false, store, newId)).toBe('site-key-1');
  });

  it("'daily' keeps nothing in the browser (the server makes the day's key) and forgets what was kept", () => {
    const { data, store } = storage({
      [USER_KEY]: 'anon-kept-000001',
      [DAY_KEY]: 'Mon Dec 07 2026 day-id-000001',
    });
    expect(userId(undefined, 'daily', store, newId)).toBeUndefined();
    expect(data.size).toBe(0);
    // Back to a kept id: a new one, nothing promoted from before.
    expect(userId(undefined, true, store, newId)).toBe('anon-0123456789');
    expect([...data.keys()]).toEqual([USER_KEY]);
  });

  it('sends no user when storage is blocked', () => {
    const blocked = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(userId(undefined, true, blocked, newId)).toBeUndefined();
  });
});

describe('deviceClass', () => {
  it('trusts the client hint, then the screen and the pointer', () => {
    expect(deviceClass(true, 1_000, false)).toBe('mobile');
    expect(deviceClass(undefined, 390, true)).toBe('mobile'); // a phone, portrait or landscape
    expect(deviceClass(false, 820, true)).toBe('tablet'); // iPad Air
    expect(deviceClass(undefined, 1_024, true)).toBe('tablet'); // iPad Pro
    expect(deviceClass(false, 768, false)).toBe('desktop'); // a small laptop with a mouse
    expect(deviceClass(false, 1_440, true)).toBe('desktop'); // a large touch screen
    expect(deviceClass(undefined, 0, false)).toBe('desktop'); // no screen size known
  });
});
