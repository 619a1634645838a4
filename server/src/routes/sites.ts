// Sites and API tokens: what the settings view (and curl) manage. A read token
// lists sites; everything else here is admin. Secrets (a new token) are shown once;
// the token list shows each token's last four characters, never the secret.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import type { Role, Site } from '../ports';
import { authorize } from '../core/auth';
import { badRequest, HttpError } from '../core/errors';
import { randomId, sha256Hex } from '../core/ids';
import { parseJson } from '../core/ingest';
import { parseParams } from '../core/queries/params';
import { pageOf, PageParams } from './alerts';
import { limitBody } from './body-limit';

const Name = z.string().min(1).max(128);
const Origins = z.array(z.union([z.literal('*'), z.url().transform((u) => new URL(u).origin)])).max(100);
const SiteInputSchema = z.object({ name: Name, origins: Origins.default([]) });
const SitePatchSchema = z
  .strictObject({ name: Name.optional(), origins: Origins.optional() })
  .refine((p) => p.name !== undefined || p.origins !== undefined, { message: 'give name, origins or both' });
const TokenInputSchema = z.object({ name: Name, role: z.enum(['read', 'admin', 'ingest']) });

/** Admin bodies are a name and a few origins: a 50 MB one is refused before it is read. */
const ADMIN_BODY_BYTES = 64 * 1024;

export function registerSiteRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const need = (c: Context, role: Role) => authorize(store, c.req.header('authorization'), role);
  const body = async <T>(c: Context, schema: z.ZodType<T>) => {
    const parsed = schema.safeParse(parseJson(await c.req.text()));
    if (!parsed.success) throw badRequest(parsed.error);
    return parsed.data;
  };
  const found = (id: string, site: Site | null | undefined) => {
    if (!site) throw new HttpError(404, `no site ${id}`, 'id');
    return site;
  };
  const limit = limitBody(ADMIN_BODY_BYTES);
  for (const path of ['/v1/sites', '/v1/sites/*', '/v1/tokens', '/v1/tokens/*']) app.use(path, limit);

  app.get('/v1/sites', async (c) => {
    await need(c, 'read');
    const page = pageOf(await store.listSites(), parseParams(PageParams, c.req.query()));
    return c.json({ sites: page.items, nextCursor: page.nextCursor });
  });
  // The settings view polls this after showing the script tag: "waiting for the first event… received".
  app.get('/v1/sites/:id', async (c) => {
    await need(c, 'read');
    const id = c.req.param('id');
    const site = found(
      id,
      (await store.listSites()).find((s) => s.id === id),
    );
    const at = await store.lastReceivedAt(site.id);
    return c.json({ ...site, lastEventAt: at === null ? null : new Date(at).toISOString() });
  });
  app.post('/v1/sites', async (c) => {
    await need(c, 'admin');
    const site = { id: randomId('site', 12), key: randomId('sk'), ...(await body(c, SiteInputSchema)) };
    await store.createSite(site, clock());
    return c.json(site, 201);
  });
  app.patch('/v1/sites/:id', async (c) => {
    await need(c, 'admin');
    const change = await body(c, SitePatchSchema);
    return c.json(found(c.req.param('id'), await store.updateSite(c.req.param('id'), change)));
  });
  // The old key is refused from the next batch on (Workers: within SITE_CACHE_MS, store/sites.ts).
  app.post('/v1/sites/:id/rotate-key', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    return c.json(found(id, await store.rotateSiteKey(id, randomId('sk'))));
  });

  app.get('/v1/tokens', async (c) => {
    await need(c, 'admin');
    const page = pageOf(await store.listTokens(), parseParams(PageParams, c.req.query()));
    return c.json({
      tokens: page.items.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() })),
      nextCursor: page.nextCursor,
    });
  });
  app.post('/v1/tokens', async (c) => {
    await need(c, 'admin');
    const input = await body(c, TokenInputSchema);
    const secret = randomId(`sl_${input.role}`, 32);
    const token = { id: randomId('tok', 12), ...input };
    await store.createToken(token, await sha256Hex(secret), clock(), secret.slice(-4));
    return c.json({ ...token, token: secret }, 201);
  });
  app.delete('/v1/tokens/:id', async (c) => {
    const me = await need(c, 'admin');
    const id = c.req.param('id');
    const tokens = await store.listTokens();
    const target = tokens.find((t) => t.id === id);
    if (!target) throw new HttpError(404, `no token ${id}`, 'id');
    // Settings would be out of reach with no admin token left: only SIGHTLINE_ADMIN_TOKEN on a fresh database makes one.
    if (target.role === 'admin' && tokens.filter((t) => t.role === 'admin').length === 1)
      throw new HttpError(409, `token ${id} is the last admin token: create another admin token first`, 'id');
    await store.revokeToken(id);
    return c.json({ revoked: id, self: id === me.id });
  });
}
