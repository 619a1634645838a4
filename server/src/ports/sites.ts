// Sites (what sends events, with which key, from where) and API tokens.

/** `ingest`: the tool's backend sending server events (sightline/server); nothing else. */
export type Role = 'read' | 'admin' | 'ingest';

export interface Site {
  id: string;
  key: string;
  name: string;
  /** Page origins allowed to send with this key; `*` allows any. */
  origins: string[];
}

export interface Token {
  id: string;
  role: Role;
  name: string;
}

export interface SiteStore {
  createSite(site: Site, createdAt: number): Promise<void>;
  listSites(): Promise<Site[]>;
  findSiteByKey(key: string): Promise<Site | null>;
  createToken(token: Token, hash: string, createdAt: number): Promise<void>;
  findTokenByHash(hash: string): Promise<Token | null>;
}
