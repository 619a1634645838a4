// Sites and tokens as settings manage them, in-process: a site renamed, its origins
// changed and its key rotated (the old key refused at the next batch), its first
// event seen; tokens listed without secrets and revoked (refused at once).
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, batch, createTestApp, json, ORIGIN, SITE_KEY, vital } from '../../test/app';

async function setup() {
  const t = await createTestApp();
  const send = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    t.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...t, send };
}

describe('/v1/sites settings', () => {
  it('renames a site, changes its origins (each a URL or *) and names the field of a bad one', async () => {
    const t = await setup();
    const res = await t.send('PATCH', `/v1/sites/${t.site.id}`, { name: 'Quiz tool' });
    expect(await json(res)).toEqual({ ...t.site, name: 'Quiz tool' });
    const bad = await t.send('PATCH', `/v1/sites/${t.site.id}`, { origins: ['not a url'] });
    expect(bad.status).toBe(400);
    expect((await json(bad)).path).toBe('origins[0]');
    expect((await t.send('PATCH', `/v1/sites/${t.site.id}`, {})).status).toBe(400);
    expect((await json(await t.send('PATCH', `/v1/sites/${t.site.id}`, { extra: 1 }))).error).toContain(
      'extra',
    );
    const moved = await t.send('PATCH', `/v1/sites/${t.site.id}`, {
      origins: ['https://new.example/some/path'],
    });
    expect((await json(moved)).origins).toEqual(['https://new.example']);
    // The old origin is refused from now on, the new one accepted.
    expect((await t.post('/v1/ingest', batch([vital('e0000001', 'LCP', 900)]))).status).toBe(403);
    const fresh = await t.post('/v1/ingest', batch([vital('e0000002', 'LCP', 900)]), {
      origin: 'https://new.example',
    });
    expect(fresh.status).toBe(202);
    expect((await t.send('PATCH', '/v1/sites/site_nope', { name: 'x' })).status).toBe(404);
  });

  it('rotates a key: the old one is refused at the next batch', async () => {
    const t = await setup();
    expect((await t.post('/v1/ingest', batch([vital('e0000001', 'LCP', 900)]))).status).toBe(202);
    const rotated = await json(await t.send('POST', `/v1/sites/${t.site.id}/rotate-key`));
    expect(rotated.key).not.toBe(SITE_KEY);
    expect((await t.post('/v1/ingest', batch([vital('e0000002', 'LCP', 900)]))).status).toBe(401);
    const withNew = batch([vital('e0000003', 'LCP', 900)], { siteKey: rotated.key });
    expect((await t.post('/v1/ingest', withNew, { origin: ORIGIN })).status).toBe(202);
    expect((await t.send('POST', '/v1/sites/site_nope/rotate-key')).status).toBe(404);
  });

  it('says when a site received its last event: null until the first', async () => {
    const t = await setup();
    expect((await json(await t.get(`/v1/sites/${t.site.id}`))).lastEventAt).toBeNull();
    await t.post('/v1/ingest', batch([vital('e0000001', 'LCP', 900)]));
    const site = await json(await t.get(`/v1/sites/${t.site.id}`));
    expect(site).toMatchObject({
      id: t.site.id,
      key: SITE_KEY,
      lastEventAt: new Date(t.clock.now).toISOString(),
    });
    expect((await t.get('/v1/sites/site_nope')).status).toBe(404);
  });
});

describe('/v1/tokens settings', () => {
  it('lists tokens with their last four characters only, and revokes one at once', async () => {
    const t = await setup();
    const made = await json(await t.send('POST', '/v1/tokens', { name: 'support', role: 'read' }));
    expect((await t.get('/v1/me', made.token)).status).toBe(200);
    const list = await json(await t.get('/v1/tokens'));
    expect(list.tokens).toEqual([
      {
        id: expect.any(String),
        name: 'first admin',
        role: 'admin',
        createdAt: expect.any(String),
        last4: ADMIN_TOKEN.slice(-4),
      },
      {
        id: made.id,
        name: 'support',
        role: 'read',
        createdAt: expect.any(String),
        last4: made.token.slice(-4),
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect((await t.get('/v1/tokens', made.token)).status).toBe(403);
    expect((await t.send('DELETE', `/v1/tokens/${made.id}`)).status).toBe(200);
    expect((await t.get('/v1/me', made.token)).status).toBe(401);
    expect((await t.send('DELETE', `/v1/tokens/${made.id}`)).status).toBe(404);
    const bad = await t.send('POST', '/v1/tokens', { name: 'x', role: 'root' });
    expect((await json(bad)).path).toBe('role');
  });

  it('keeps the last admin token: settings would be out of reach without one', async () => {
    const t = await setup();
    const [admin] = (await json(await t.get('/v1/tokens'))).tokens;
    expect((await t.send('DELETE', `/v1/tokens/${admin.id}`)).status).toBe(409);
    const other = await json(await t.send('POST', '/v1/tokens', { name: 'ops', role: 'admin' }));
    expect((await t.send('DELETE', `/v1/tokens/${admin.id}`, undefined, other.token)).status).toBe(200);
    expect((await t.get('/v1/tokens')).status).toBe(401);
  });
});
