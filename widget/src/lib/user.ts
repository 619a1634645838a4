// Who and on what, for the batch envelope: a user key and a device class.
// Never a raw identity: the site passes a pseudonymous key (e.g. a salted hash
// of the LTI subject), or the widget keeps a random per-browser id.
import { ID_PATTERN, randomId } from './random-id';
import { attempt } from './safe';

export const USER_KEY = 'sightline.user';
/** Where an earlier version kept the daily id: removed, the server now makes it. */
export const DAY_KEY = 'sightline.day';

/**
 * `true`: one id per browser, kept; `'daily'`: nothing kept, the server makes a key that
 * changes every day (server/src/core/daily-user.ts); `false`: none.
 */
export type AnonymousId = boolean | 'daily';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The site's `userKey` when given; otherwise, when `anonymous` is true, the id kept in
 * `storage()` (created on first use). Choosing less forgets what a wider choice kept.
 * Undefined when storage is blocked: a per-page id would inflate user counts.
 */
export function userId(
  userKey: unknown,
  anonymous: AnonymousId,
  storage: () => Store,
  newId = () => randomId(12),
): string | undefined {
  if (typeof userKey === 'string' && userKey) return userKey.slice(0, 64);
  // Sandboxed frames and disabled storage throw.
  return attempt(() => {
    const store = storage();
    store.removeItem(DAY_KEY);
    if (anonymous !== true) return void store.removeItem(USER_KEY);
    let id = store.getItem(USER_KEY);
    if (!id || !ID_PATTERN.test(id)) store.setItem(USER_KEY, (id = newId()));
    return id;
  });
}

export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

/**
 * From User-Agent Client Hints' `mobile` where the browser has them, else the
 * screen's short side in CSS px (phones < 600) and a coarse primary pointer (tablets).
 */
export function deviceClass(mobile: boolean | undefined, shortSide: number, coarse: boolean): DeviceClass {
  if (mobile || (shortSide > 0 && shortSide < 600)) return 'mobile';
  return coarse && shortSide < 1_100 ? 'tablet' : 'desktop';
}
