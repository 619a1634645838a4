import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, json, openTestStore } from '../../test/app';
import { dailyUser, dayOf } from './daily-user';
import { maintain } from './maintain';

const T = Date.UTC(2026, 11, 7, 12, 0);
const DAY = 86_400_000;
const chromebook = { address: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)' };

describe('the rotating anonymous user (data-anonymous-user-id="daily")', () => {
  it('is one key per client and site for a day, another the next day, none without an address', async () => {
    const { store, close } = await openTestStore();
    const today = await dailyUser(store, T, 'site_a', chromebook);
    expect(today).toMatch(/^day_[0-9a-f]{24}$/);
    expect(await dailyUser(store, T + 3 * 3_600_000, 'site_a', chromebook)).toBe(today);
    expect(await dailyUser(store, T, 'site_b', chromebook)).not.toBe(today);
    expect(await dailyUser(store, T, 'site_a', { ...chromebook, userAgent: 'Firefox' })).not.toBe(today);
    expect(await dailyUser(store, T + DAY, 'site_a', chromebook)).not.toBe(today);
    expect(await dailyUser(store, T, 'site_a', {})).toBeUndefined();
    await close();
  });

  it("cannot be made again once its day's salt is forgotten by maintenance", async () => {
    const { store, close } = await openTestStore();
    expect(await store.daySalt(dayOf(T), 'salt-of-monday')).toBe('salt-of-monday');
    expect(await store.daySalt(dayOf(T), 'another')).toBe('salt-of-monday'); // the first one stays
    await maintain(store, T + DAY);
    // Asked for Monday's salt again, the store has none left: Monday's keys are gone for good.
    expect(await store.daySalt(dayOf(T), 'fresh')).toBe('fresh');
    await close();
  });

  it('counts a daily visitor as one user on ingest, by the address and user agent the request came with', async () => {
    const t = await createTestApp(T);
    const visit = (n: number, ua: string) =>
      t.post(
        '/v1/ingest',
        batch([{ kind: 'pageview', id: `pageview-${n}`, t: T - 1_000 }], {
          session: `s-${n}`,
          anonymous: 'daily',
        }),
        { 'cf-connecting-ip': chromebook.address, 'user-agent': ua },
      );
    for (const [n, ua] of [
      [1, chromebook.userAgent],
      [2, chromebook.userAgent],
      [3, 'Firefox on the library PC'],
    ] as const)
      expect((await visit(n, ua)).status).toBe(202);
    const business = await json(await t.get('/v1/business?range=24h', ADMIN_TOKEN));
    expect(business.activeUsers.daily).toBe(2);
    expect(business.sessions.count).toBe(3);
  });
});
