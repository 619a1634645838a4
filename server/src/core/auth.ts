// Bearer tokens: stored as SHA-256 hashes, with a role each.
import type { Role, Store, Token } from '../ports';
import { HttpError } from './errors';
import { sha256Hex } from './ids';

// `ingest` ranks below `read`: an ingest token reads nothing.
const RANK: Record<Role, number> = { ingest: 0, read: 1, admin: 2 };

/**
 * Resolves the caller's token and checks it has at least the role needed, or
 * one of the roles listed (401/403 otherwise).
 */
export async function authorize(
  store: Store,
  header: string | undefined,
  need: Role | readonly Role[],
): Promise<Token> {
  const secret = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const challenge = { 'WWW-Authenticate': 'Bearer realm="sightline"' };
  if (!secret)
    throw new HttpError(
      401,
      'an API token is required: Authorization: Bearer <token>',
      'authorization',
      challenge,
    );
  const token = await store.findTokenByHash(await sha256Hex(secret));
  if (!token) throw new HttpError(401, 'unknown API token', 'authorization', challenge);
  const allowed = typeof need === 'string' ? RANK[token.role] >= RANK[need] : need.includes(token.role);
  if (!allowed)
    throw new HttpError(
      403,
      `this token has role ${token.role}; ${typeof need === 'string' ? need : need.join(' or ')} is needed`,
      'authorization',
    );
  return token;
}
