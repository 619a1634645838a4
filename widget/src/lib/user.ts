// Who and on what, for the batch envelope: a user key and a device class.
// Never a raw identity: the site passes a pseudonymous key (e.g. a salted hash
// of the LTI subject), or the widget keeps a random per-browser id.
import { ID_PATTERN, randomId } from './random-id';
import { attempt } from './safe';

export const USER_KEY = 'sightline.user';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The site's `userKey` when given; otherwise the anonymous id kept in `storage()`
 * (created on first use), unless `anonymous` is false, which also forgets a kept id.
 * Undefined when storage is blocked: a per-page id would inflate user counts.
 */
export function userId(
  userKey: unknown,
  anonymous: boolean,
  storage: () => Store,
  newId = randomId,
): string | undefined {
  if (typeof userKey === 'string' && userKey) return userKey.slice(0, 64);
  // Sandboxed frames and disabled storage throw.
  return attempt(() => {
    const store = storage();
    if (!anonymous) return void store.removeItem(USER_KEY);
    let id = store.getItem(USER_KEY);
    if (!ID_PATTERN.test(id!)) store.setItem(USER_KEY, (id = newId()));
    return id!;
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
