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

/** A token as listed in settings: never its secret, only its last four characters (null for tokens made before they were kept). */
export interface TokenInfo extends Token {
  createdAt: number;
  last4: string | null;
}

export interface SiteStore {
  createSite(site: Site, createdAt: number): Promise<void>;
  listSites(): Promise<Site[]>;
  findSiteByKey(key: string): Promise<Site | null>;
  /** Changes a site's name or allowed origins; null if there is no such site. */
  updateSite(id: string, change: { name?: string; origins?: string[] }): Promise<Site | null>;
  /** Gives a site a new key (the old one is refused from then on); null if there is no such site. */
  rotateSiteKey(id: string, key: string): Promise<Site | null>;
  createToken(token: Token, hash: string, createdAt: number, last4?: string): Promise<void>;
  findTokenByHash(hash: string): Promise<Token | null>;
  /** Oldest first. */
  listTokens(): Promise<TokenInfo[]>;
  /** Deletes a token, so it is refused at its next request; false if there was none. */
  revokeToken(id: string): Promise<boolean>;
}
