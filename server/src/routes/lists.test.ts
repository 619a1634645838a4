// Every list of the alerts API and /v1/sites answers a bounded page with a cursor:
// walking the cursors gives each item once, and a bad limit or cursor is a 400 naming it.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, json } from '../../test/app';

describe('bounded lists', () => {
  it('pages channels, rules, silences and sites with limit and cursor', async () => {
    const t = await createTestApp();
    const post = (path: string, body: unknown) =>
      t.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await post('/v1/alerts/channels', {
            id: `c${i}`,
            type: 'slack',
            url: 'https://hooks.example.com/x',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await post('/v1/alerts/rules', {
            id: `r${i}`,
            name: `R${i}`,
            condition: { type: 'error_rate' },
            threshold: 0.1,
            severity: 'info',
          })
        ).status,
      ).toBe(201);
      expect((await post('/v1/alerts/silences', { rule: `r${i}`, duration: '1h' })).status).toBe(201);
      expect((await post('/v1/sites', { name: `S${i}` })).status).toBe(201);
    }
    const walk = async (path: string, key: string) => {
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const body = await json(await t.get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`));
        expect(body[key].length).toBeLessThanOrEqual(2);
        seen.push(...body[key].map((x: { id: string }) => x.id));
        cursor = body.nextCursor;
        pages++;
      }
      return { seen, pages };
    };
    const channels = await walk('/v1/alerts/channels', 'channels');
    expect(channels).toEqual({ seen: ['c0', 'c1', 'c2', 'c3', 'c4'], pages: 3 });
    const rules = await walk('/v1/alerts/rules', 'rules');
    expect(new Set(rules.seen).size).toBe(rules.seen.length);
    expect(rules.seen).toEqual(expect.arrayContaining(['r0', 'r1', 'r2', 'r3', 'r4']));
    const silences = await walk('/v1/alerts/silences', 'silences');
    expect(silences.seen).toHaveLength(5);
    const sites = await walk('/v1/sites', 'sites');
    expect(sites.seen).toHaveLength(6); // the test site and five more

    for (const path of [
      '/v1/sites',
      '/v1/alerts',
      '/v1/alerts/history',
      '/v1/alerts/deliveries',
      '/v1/alerts/rules',
    ]) {
      expect(await json(await t.get(`${path}?limit=5000`))).toMatchObject({ path: 'limit' });
      expect(await json(await t.get(`${path}?cursor=abc`))).toMatchObject({ path: 'cursor' });
    }
  });
});
