// The rotating anonymous user of `data-anonymous-user-id="daily"`, made on the server
// so the browser stores nothing: a hash of the day's secret salt, the site, the
// client's address and its user agent. The same browser on the same network is one
// user for a day; the salt is forgotten when the day ends (migration 0020), so
// nothing links two days, and no key can be made again from an address afterwards.
import type { SaltStore } from '../ports';
import { randomId, sha256Hex } from './ids';

const DAY = 86_400_000;

export const dayOf = (t: number) => Math.floor(t / DAY);

/**
 * The user key of a client on a site today, or undefined without the client's address
 * (a runtime that cannot tell it counts such visits towards no user).
 */
export async function dailyUser(
  store: SaltStore,
  now: number,
  siteId: string,
  client: { address?: string; userAgent?: string },
): Promise<string | undefined> {
  if (!client.address) return undefined;
  const salt = await store.daySalt(dayOf(now), randomId('salt', 32));
  const hash = await sha256Hex(`${salt}\n${siteId}\n${client.address}\n${client.userAgent ?? ''}`);
  return `day_${hash.slice(0, 24)}`;
}
