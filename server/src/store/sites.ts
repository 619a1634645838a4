// Sites and API tokens (tokens stored as their hash).
import type { Site, SiteStore, SqlExecutor, Token } from '../ports';

const SQL = {
  insertSite: 'INSERT INTO sites (id, key, name, origins, created_at) VALUES (?, ?, ?, ?, ?)',
  listSites: 'SELECT id, key, name, origins FROM sites ORDER BY created_at, id',
  siteByKey: 'SELECT id, key, name, origins FROM sites WHERE key = ?',
  insertToken: 'INSERT INTO tokens (id, hash, role, name, created_at) VALUES (?, ?, ?, ?, ?)',
  tokenByHash: 'SELECT id, role, name FROM tokens WHERE hash = ?',
} as const;

interface SiteRow {
  id: string;
  key: string;
  name: string;
  origins: string;
}

const toSite = (r: SiteRow): Site => ({ id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) });

export function siteStore(exec: SqlExecutor): SiteStore {
  // Every ingested batch looks its site up. Sites are never changed or removed, so one
  // found is kept (per process, per isolate); a key not found is asked again.
  const sitesByKey = new Map<string, Site>();
  return {
    async createSite(site, createdAt) {
      await exec.run(SQL.insertSite, site.id, site.key, site.name, JSON.stringify(site.origins), createdAt);
    },
    async listSites() {
      return (await exec.all<SiteRow>(SQL.listSites)).map(toSite);
    },
    async findSiteByKey(key) {
      const known = sitesByKey.get(key);
      if (known) return known;
      const row = await exec.get<SiteRow>(SQL.siteByKey, key);
      if (!row) return null;
      const site = toSite(row);
      sitesByKey.set(key, site);
      return site;
    },
    async createToken(token, hash, createdAt) {
      await exec.run(SQL.insertToken, token.id, hash, token.role, token.name, createdAt);
    },
    async findTokenByHash(hash) {
      return (await exec.get<Token>(SQL.tokenByHash, hash)) ?? null;
    },
  };
}
