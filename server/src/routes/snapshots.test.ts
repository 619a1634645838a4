import { describe, expect, it } from 'vitest';
import { SUPPORT_CODE } from '../../../shared/snapshot';
import { normaliseCode, supportCode } from '../core/snapshots';
import { sampleSnapshot } from '../store/contract-snapshots';
import { ADMIN_TOKEN, createTestApp } from '../../test/app';

const body = (extra: Record<string, unknown> = {}) => ({
  ...sampleSnapshot('x').snapshot,
  screenshot: 'data:image/png;base64,iVBORw0KGgo=',
  ...extra,
});
const send = (
  app: Awaited<ReturnType<typeof createTestApp>>,
  payload: unknown,
  token: string | null = ADMIN_TOKEN,
) =>
  app.request('/v1/snapshots', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

async function readToken(app: Awaited<ReturnType<typeof createTestApp>>) {
  const res = await app.request('/v1/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: 'qa desk', role: 'read' }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('POST /v1/snapshots', () => {
  it('stores a snapshot from a read token and answers a support code', async () => {
    const app = await createTestApp();
    const token = await readToken(app);
    const res = await send(app, body(), token);
    expect(res.status).toBe(201);
    const { code, url } = (await res.json()) as { code: string; url: string };
    expect(code).toMatch(SUPPORT_CODE);
    expect(url).toBe(`http://127.0.0.1/v1/snapshots/${code}`);

    const list = (await (await app.get('/v1/snapshots', token)).json()) as {
      snapshots: Record<string, unknown>[];
    };
    expect(list.snapshots).toEqual([
      expect.objectContaining({
        code,
        createdBy: 'qa desk',
        platform: 'canvas',
        hasScreenshot: true,
        createdAt: '2026-11-27T12:00:00.000Z',
      }),
    ]);
    expect(list.snapshots[0]).not.toHaveProperty('screenshot');

    // Typed as read aloud: lower case, spaces, O for zero.
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const one = (await (await app.get(`/v1/snapshots/${encodeURIComponent(typed)}`, token)).json()) as Record<
      string,
      unknown
    >;
    expect(one).toMatchObject({
      code,
      url: 'https://canvas.example/courses/1/modules',
      screenshot: 'data:image/png;base64,iVBORw0KGgo=',
    });
  });

  it('answers 400 naming the field, 401 without a token, 413 over 2 MB, 404 for an unknown code', async () => {
    const app = await createTestApp();
    const bad = await send(
      app,
      body({ frames: [{ ...body().frames[0], vitals: [{ name: 'LCP', value: -1, rating: 'good' }] }] }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ path: 'frames[0].vitals[0].value' });
    const shot = await send(app, body({ screenshot: 'javascript:alert(1)' }));
    expect(await shot.json()).toMatchObject({ path: 'screenshot' });
    expect((await send(app, '{not json')).status).toBe(400);
    const anonymous = await send(app, body(), null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ path: 'authorization' });
    expect((await send(app, body({ note: 'x'.repeat(2_100_000) }))).status).toBe(413);
    expect((await app.get('/v1/snapshots/SL-ZZZZ-99')).status).toBe(404);
    expect((await app.get('/v1/snapshots/nonsense!')).status).toBe(400);
  });
});

describe('support codes', () => {
  it('are SL- and 6 Crockford base32 characters; typing slips are forgiven', () => {
    for (let i = 0; i < 100; i++) expect(supportCode()).toMatch(SUPPORT_CODE);
    expect(supportCode(() => new Uint8Array([0, 1, 31, 30, 18, 8]))).toBe('SL-01ZY-J8');
    expect(normaliseCode('sl-7k3q-9f')).toBe('SL-7K3Q-9F');
    expect(normaliseCode('SL7K3Q9F')).toBe('SL-7K3Q-9F');
    expect(normaliseCode('sl 7k3o il')).toBe('SL-7K30-11');
    expect(normaliseCode('SL-7K3Q')).toBeNull();
    expect(normaliseCode('SL-7K3Q-9U')).toBeNull();
  });
});
