// The background's work as functions of their dependencies: the server client for
// the current settings (with the host-permission check), cached field p75 and sites.
import { sitesForOrigin } from './alerts';
import {
  createServerClient,
  originPattern,
  ServerError,
  type ServerClient,
  type SiteInfo,
} from './server-client';
import type { FieldVitals, Settings } from './types';

export interface ServiceDeps {
  settings: () => Promise<Settings>;
  /** Whether the extension may fetch from this origin pattern (permissions.contains). */
  hasPermission: (pattern: string) => Promise<boolean>;
  sites: { get: () => Promise<SiteInfo[]>; set: (s: SiteInfo[]) => Promise<void> };
  clock: () => number;
  fetch?: typeof fetch;
}

const FIELD_TTL_MS = 5 * 60_000;

export function createServices(deps: ServiceDeps) {
  const fieldCache = new Map<string, { at: number; value: FieldVitals }>();

  /**
   * A client for the configured server; throws ServerError when there is none. A
   * request that cannot reach the server is reported as a missing host permission
   * when that permission was never granted (the likelier cause), as unreachable otherwise.
   */
  async function client(): Promise<ServerClient> {
    const settings = await deps.settings();
    if (!settings.serverUrl)
      throw new ServerError('unconfigured', 'no Sightline server is set in the options');
    const pattern = originPattern(settings.serverUrl);
    const fetchImpl = deps.fetch ?? fetch;
    const guarded: typeof fetch = async (input, init) => {
      try {
        return await fetchImpl(input, init);
      } catch (err) {
        if (!(await deps.hasPermission(pattern).catch(() => false))) {
          throw new ServerError(
            'permission',
            `cannot reach ${new URL(settings.serverUrl).origin} without permission: open the options and save to grant it`,
          );
        }
        throw err;
      }
    };
    return createServerClient(settings, guarded);
  }

  async function refreshSites(c: ServerClient): Promise<SiteInfo[]> {
    const sites = await c.sites();
    await deps.sites.set(sites);
    return sites;
  }

  /** Field p75 for the site serving `origin`; errors become a FieldVitals that says why. */
  async function field(origin: string, route: string): Promise<FieldVitals> {
    const key = `${origin}|${route}`;
    const hit = fieldCache.get(key);
    if (hit && deps.clock() - hit.at < FIELD_TTL_MS) return hit.value;
    let value: FieldVitals;
    try {
      const c = await client();
      let sites = sitesForOrigin(await deps.sites.get(), origin);
      if (!sites.length) sites = sitesForOrigin(await refreshSites(c), origin);
      if (!sites.length) {
        value = { state: 'no-site', message: `no Sightline site lists ${origin} among its origins` };
      } else {
        const r = await c.vitals(route, sites[0].id);
        value = { state: 'ok', site: r.site, route, metrics: r.metrics };
      }
    } catch (err) {
      const kind = err instanceof ServerError ? err.kind : 'error';
      value = {
        state: kind === 'unconfigured' ? 'unconfigured' : 'error',
        message: err instanceof Error ? err.message : String(err),
      };
    }
    // Failures are cached for a shorter time: the server may come back.
    fieldCache.set(key, {
      at: value.state === 'ok' ? deps.clock() : deps.clock() - FIELD_TTL_MS + 30_000,
      value,
    });
    return value;
  }

  return { client, refreshSites, field, clearCache: () => fieldCache.clear() };
}
