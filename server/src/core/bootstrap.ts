// First start: a demo site and an admin token, so a new user can send and query at once.
import type { Clock, Site, Store } from '../ports';
import { randomId, sha256Hex } from './ids';

export interface BootstrapOptions {
  /** Fixed values instead of random ones (tests, scripted deployments). */
  siteKey?: string;
  adminToken?: string;
  origins: string[];
}

export interface Bootstrap {
  site: Site;
  /** The admin secret, only when it was created now: it is stored hashed and cannot be shown again. */
  adminToken?: string;
}

export async function bootstrap(store: Store, clock: Clock, opts: BootstrapOptions): Promise<Bootstrap> {
  const [existing] = await store.listSites();
  if (existing) return { site: existing };
  // A fixed id: when two Worker isolates bootstrap at once, the second insert fails
  // instead of creating a second site, and its next request finds the first.
  const site: Site = {
    id: 'site_demo',
    key: opts.siteKey ?? randomId('sk'),
    name: 'Demo site',
    origins: opts.origins,
  };
  const adminToken = opts.adminToken ?? randomId('sl_admin', 32);
  await store.createSite(site, clock());
  await store.createToken(
    { id: randomId('tok', 12), role: 'admin', name: 'first admin' },
    await sha256Hex(adminToken),
    clock(),
    adminToken.slice(-4),
  );
  return { site, adminToken };
}
