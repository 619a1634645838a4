// Sites and API tokens (tokens stored as their hash).
import type { Site, SiteStore, SqlExecutor, Token, TokenInfo } from '../ports';

const SQL = {
  insertSite: 'INSERT INTO sites (id, key, name, origins, created_at) VALUES (?, ?, ?, ?, ?)',
  listSites: 'SELECT id, key, name, origins FROM sites ORDER BY created_at, id',
  siteById: 'SELECT id, key, name, origins FROM sites WHERE id = ?',
  siteByKey: 'SELECT id, key, name, origins FROM sites WHERE key = ?',
  updateSite: 'UPDATE sites SET name = COALESCE(?, name), origins = COALESCE(?, origins) WHERE id = ?',
  rotateKey: 'UPDATE sites SET key = ? WHERE id = ?',
  insertToken: 'INSERT INTO tokens (id, hash, role, name, created_at, last4) VALUES (?, ?, ?, ?, ?, ?)',
  tokenByHash: 'SELECT id, role, name FROM tokens WHERE hash = ?',
  listTokens: 'SELECT id, role, name, created_at AS createdAt, last4 FROM tokens ORDER BY created_at, rowid',
  deleteToken: 'DELETE FROM tokens WHERE id = ?',
} as const;

interface SiteRow {
  id: string;
  key: string;
  name: string;
  origins: string;
}

const toSite = (r: SiteRow): Site => ({ id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) });

/**
 * Every ingested batch looks its site up, so one found is kept, for at most
 * SITE_CACHE_MS: settings change a site's origins or key, and on Workers another
 * isolate's copy is only forgotten by time. The isolate that made the change forgets at once.
 */
export const SITE_CACHE_MS = 60_000;

export function siteStore(exec: SqlExecutor, now: () => number = Date.now): SiteStore {
  const sitesByKey = new Map<string, { site: Site; at: number }>();
  const forget = (id: string) => {
    for (const [key, known] of sitesByKey) if (known.site.id === id) sitesByKey.delete(key);
  };
  const siteById = async (id: string) => {
    const row = await exec.get<SiteRow>(SQL.siteById, id);
    return row ? toSite(row) : null;
  };
  return {
    async createSite(site, createdAt) {
      await exec.run(SQL.insertSite, site.id, site.key, site.name, JSON.stringify(site.origins), createdAt);
    },
    async listSites() {
      return (await exec.all<SiteRow>(SQL.listSites)).map(toSite);
    },
    async findSiteByKey(key) {
      const known = sitesByKey.get(key);
      if (known && now() - known.at < SITE_CACHE_MS) return known.site;
      const row = await exec.get<SiteRow>(SQL.siteByKey, key);
      if (!row) return (sitesByKey.delete(key), null);
      const site = toSite(row);
      sitesByKey.set(key, { site, at: now() });
      return site;
    },
    async updateSite(id, change) {
      const origins = change.origins === undefined ? null : JSON.stringify(change.origins);
      const { changes } = await exec.run(SQL.updateSite, change.name ?? null, origins, id);
      forget(id);
      return changes ? siteById(id) : null;
    },
    async rotateSiteKey(id, key) {
      const { changes } = await exec.run(SQL.rotateKey, key, id);
      forget(id);
      return changes ? siteById(id) : null;
    },
    async createToken(token, hash, createdAt, last4) {
      await exec.run(SQL.insertToken, token.id, hash, token.role, token.name, createdAt, last4 ?? null);
    },
    async findTokenByHash(hash) {
      return (await exec.get<Token>(SQL.tokenByHash, hash)) ?? null;
    },
    async listTokens() {
      return exec.all<TokenInfo>(SQL.listTokens);
    },
    async revokeToken(id) {
      return (await exec.run(SQL.deleteToken, id)).changes > 0;
    },
  };
}
