import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, json } from '../../../test/app';
import { loadCheckFile } from './check-file';
import { addressPolicy } from './guard';

const EXAMPLE = readFileSync(new URL('../../../../docs/checks.example.json', import.meta.url), 'utf8');
const NOW = Date.UTC(2026, 10, 27, 12, 0);
const strict = addressPolicy(false);

describe('the checks file', () => {
  it('loads the example (the seed guide’s three checks), with ids from the names', async () => {
    const t = await createTestApp(NOW);
    expect(await loadCheckFile(t.store, () => NOW, EXAMPLE, strict)).toEqual({
      checks: ['lti-config-endpoint', 'health-check', 'home-page'],
      removed: [],
    });
    expect(await t.store.getCheck('health-check')).toMatchObject({
      site: t.site.id,
      source: 'file',
      url: 'https://guide.yourdomain.com/health',
      method: 'GET',
      expectedStatus: 200,
      expectedBody: { path: '$.status', equals: 'healthy' },
      timeoutSeconds: 5,
      intervalSeconds: 30,
      enabled: true,
    });
    // Read-only through the API.
    const put = await t.request('/v1/checks/home-page', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ name: 'x', url: 'https://x.example/' }),
    });
    expect(put.status).toBe(409);
    expect((await json(put)).error).toMatch(/checks file/);
  });

  it('deletes checks that left the file, and keeps the state of those that stayed', async () => {
    const t = await createTestApp(NOW);
    await loadCheckFile(t.store, () => NOW, EXAMPLE, strict);
    const kept = JSON.stringify(JSON.parse(EXAMPLE).slice(1));
    expect(await loadCheckFile(t.store, () => NOW + 1, kept, strict)).toEqual({
      checks: ['health-check', 'home-page'],
      removed: ['lti-config-endpoint'],
    });
    expect((await t.store.listChecks()).map((c) => c.id).sort()).toEqual(['health-check', 'home-page']);
    expect((await t.store.getCheck('home-page'))!.updatedAt).toBe(NOW); // unchanged
  });

  it('refuses a bad file as a whole, naming the entry and field', async () => {
    const t = await createTestApp(NOW);
    const load = (text: string) => loadCheckFile(t.store, () => NOW, text, strict, 'checks.json');
    await expect(load('[{')).rejects.toThrow(/^checks.json: not valid JSON/);
    await expect(load('{"name": "a"}')).rejects.toThrow('checks.json: expected a JSON list of checks');
    await expect(
      load(
        '[{"name": "a", "url": "https://a.example/"}, {"name": "b", "url": "https://b.example/", "intervalSeconds": 5}]',
      ),
    ).rejects.toThrow(/^checks.json \[1\]\.intervalSeconds: /);
    await expect(
      load('[{"name": "A", "url": "https://a.example/"}, {"name": "a", "url": "https://b.example/"}]'),
    ).rejects.toThrow('checks.json [1].id: a is used twice (set "id" to tell them apart)');
    await expect(load('[{"name": "a", "url": "http://10.0.0.1/"}]')).rejects.toThrow(
      /^checks.json \[0\]\.url: 10\.0\.0\.1 is a private address/,
    );
    expect(await t.store.listChecks()).toEqual([]);
    await t.request('/v1/checks', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ id: 'mine', name: 'Mine', url: 'https://m.example/' }),
    });
    await expect(load('[{"id": "mine", "name": "a", "url": "https://a.example/"}]')).rejects.toThrow(
      'checks.json [0].id: mine was created through the API; choose another id',
    );
  });
});
