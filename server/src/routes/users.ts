// A data-subject request for one pseudonymous user (the widget's user key, the SDK's
// user): export or erase what is kept of them in raw form, on every site. Admin only.
// Rollups and error groups hold no user and stay; raw batches expire with raw
// retention anyway (docs/api.md "One user's data").
import type { Context, Hono } from 'hono';
import { LIMITS } from '../../../shared/limits';
import { authorize } from '../core/auth';
import { HttpError } from '../core/errors';
import type { AppDeps } from '../deps';

/** The user key from the path: as the widget and SDK send it (as long as an id may be). */
function userKeyOf(c: Context): string {
  const key = c.req.param('key') ?? '';
  if (!key || key.length > LIMITS.maxIdLength) {
    throw new HttpError(400, `key: a user key is 1 to ${LIMITS.maxIdLength} characters`, 'key');
  }
  return key;
}

export function registerUserRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const admin = (c: Context) => authorize(store, c.req.header('authorization'), 'admin');

  app.get('/v1/users/:key/export', async (c) => {
    await admin(c);
    const key = userKeyOf(c);
    const { batches, sessions } = await store.userData(key);
    const iso = (t: number) => new Date(t).toISOString();
    return c.json({
      user: key,
      exportedAt: iso(clock()),
      batches: batches.map((b) => ({ ...b, receivedAt: iso(b.receivedAt) })),
      sessions: sessions.map((s) => ({ ...s, firstT: iso(s.firstT), lastT: iso(s.lastT) })),
    });
  });

  app.delete('/v1/users/:key', async (c) => {
    await admin(c);
    const key = userKeyOf(c);
    return c.json({ user: key, deleted: await store.deleteUser(key) });
  });
}
