// An admin answers a data-subject request through the API, on the Node store over a
// real SQLite file: the export lists the user's raw batches and sessions, the erasure
// removes them, and a read token can do neither.
import { describe, expect, it } from 'vitest';
import { batch, createTestApp, json, vital } from '../../test/app';
import { sha256Hex } from '../core/ids';

describe('/v1/users/:key', () => {
  it('exports, then erases, one user on request; the counts stay', async () => {
    const t = await createTestApp();
    const mine = batch([vital('e-u1-0001', 'LCP', 1200)], { session: 'sess-u1', user: 'student-hash-1' });
    const theirs = batch([vital('e-u2-0001', 'LCP', 1800)], { session: 'sess-u2', user: 'student-hash-2' });
    for (const b of [mine, theirs]) expect((await t.post('/v1/ingest', b)).status).toBe(202);

    const exported = await json(await t.get('/v1/users/student-hash-1/export'));
    expect(exported.user).toBe('student-hash-1');
    expect(exported.batches).toHaveLength(1);
    expect(exported.batches[0]).toMatchObject({
      siteId: t.site.id,
      session: 'sess-u1',
      events: [{ id: 'e-u1-0001', name: 'LCP' }],
    });
    expect(exported.sessions).toMatchObject([{ session: 'sess-u1', events: 1 }]);

    const erase = await t.request('/v1/users/student-hash-1', {
      method: 'DELETE',
      headers: { authorization: 'Bearer sl_admin_test_token' },
    });
    expect(await json(erase)).toEqual({ user: 'student-hash-1', deleted: { batches: 1, sessions: 1 } });
    expect(await json(await t.get('/v1/users/student-hash-1/export'))).toMatchObject({
      batches: [],
      sessions: [],
    });
    expect((await json(await t.get('/v1/users/student-hash-2/export'))).batches).toHaveLength(1);
    // The field vitals still count both page loads: aggregates hold no user.
    expect((await json(await t.get('/v1/vitals?metric=LCP&range=24h'))).metrics.LCP.count).toBe(2);
  });

  it('refuses read tokens and anonymous callers, and names a bad key', async () => {
    const t = await createTestApp();
    const secret = 'sl_read_users_test';
    await t.store.createToken({ id: 'tok_r', role: 'read', name: 'support' }, await sha256Hex(secret), 0);
    expect((await t.get('/v1/users/u1/export', secret)).status).toBe(403);
    expect((await t.get('/v1/users/u1/export', null)).status).toBe(401);
    expect(
      (await t.request('/v1/users/u1', { method: 'DELETE', headers: { authorization: `Bearer ${secret}` } }))
        .status,
    ).toBe(403);
    const tooLong = await t.get(`/v1/users/${'x'.repeat(65)}/export`);
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).error).toMatch(/^key: /);
  });
});
