// The cap on custom event names and server feature names per site, end to end:
// a page with the public site key sends more distinct names than the cap; what
// /v1/features answers stays bounded, the overflow is one `other` row with its
// count, and the folded uses are counted (folded.custom, folded.feature).
import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { bootstrap } from './core/bootstrap';
import { cardinalityFromEnv } from './core/cardinality';
import { ADMIN_TOKEN, batch, json, openTestStore, ORIGIN, SITE_KEY } from '../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const T = NOW - 60_000;

async function setup(maxNames: number) {
  const { store } = await openTestStore({ maxNames, clock: () => NOW });
  const { site } = await bootstrap(store, () => NOW, {
    siteKey: SITE_KEY,
    adminToken: ADMIN_TOKEN,
    origins: [ORIGIN],
  });
  const app = createApp({ store, clock: () => NOW });
  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    app.fetch(
      new Request(`http://127.0.0.1${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    );
  const get = (path: string) =>
    app.fetch(
      new Request(`http://127.0.0.1${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    );
  const folded = async (metric: string) =>
    (
      await store.rollupTotals({
        siteId: site.id,
        fromMinute: Math.floor(T / 60_000) - 1,
        toMinute: Math.floor(NOW / 60_000) + 1,
        metrics: [metric],
        groupBy: 'route',
      })
    ).reduce((n, r) => n + r.count, 0);
  return { post, get, folded };
}

describe('custom event and feature names per site', () => {
  it('keeps the first names up to the cap and folds the rest into other, counted', async () => {
    const { post, get, folded } = await setup(3);
    const names = ['chat', 'upload', 'quiz', 'spam-1', 'spam-2', 'spam-3', 'spam-4', 'chat'];
    const custom = names.map((name, i) => ({ kind: 'custom', id: `cu-${i}-xxxx`, t: T, name }));
    const page = await post('/v1/ingest', batch(custom), { 'content-type': 'text/plain', origin: ORIGIN });
    expect(page.status).toBe(202);
    const features = names.map((name, i) => ({ kind: 'feature', id: `fe-${i}-xxxx`, t: T, name }));
    const server = await post(
      '/v1/ingest/server',
      { sentAt: NOW, events: features },
      { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(server.status).toBe(202);

    const res = await get(`/v1/features?from=${T - 60_000}&to=${NOW + 60_000}`);
    expect(res.status).toBe(200);
    const rows = (await json(res)).features.map((f: { name: string; source: string; count: number }) => [
      f.source,
      f.name,
      f.count,
    ]);
    expect(rows.sort()).toEqual(
      [
        ['browser', 'chat', 2],
        ['browser', 'other', 4],
        ['browser', 'quiz', 1],
        ['browser', 'upload', 1],
        ['server', 'chat', 2],
        ['server', 'other', 4],
        ['server', 'quiz', 1],
        ['server', 'upload', 1],
      ].sort(),
    );
    expect(await folded('folded.custom')).toBe(4);
    expect(await folded('folded.feature')).toBe(4);
  });

  it('reads the cap from SIGHTLINE_MAX_FEATURES (default 1,000)', () => {
    expect(cardinalityFromEnv({})).toMatchObject({ maxNames: 1_000 });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_FEATURES: '50' })).toMatchObject({ maxNames: 50 });
    expect(cardinalityFromEnv({ SIGHTLINE_MAX_FEATURES: 'many' })).toMatchObject({ maxNames: 1_000 });
  });
});
