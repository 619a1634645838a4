// Insights through the app: a tool's slow query, measured by the server SDK on a real
// SQLite database (monitorQuery with explain: 'sqlite'), arrives with its plan over
// POST /v1/ingest/server, and GET /v1/insights names the index to add; once the index
// exists, the next process's plan says SEARCH and the advice changes. Browser
// attribution and failing endpoints rank beside it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSightline } from '../../server-sdk';
import { ADMIN_TOKEN, batch, createTestApp, json } from '../test/app';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

async function token(t: TestApp, role: 'ingest' | 'read') {
  const res = await t.request('/v1/tokens', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ name: role, role }),
  });
  return (await json(res)).token as string;
}

/** An SDK "process" sending to the app, on a clock where every query takes 1.5 s (slow). */
function sdk(t: TestApp, ingest: string, start: number) {
  let now = start;
  return createSightline({
    endpoint: 'http://127.0.0.1/v1/ingest/server',
    token: ingest,
    fetch: (input, init) => Promise.resolve(t.request(new URL(String(input)).pathname, init)),
    clock: () => (now += 1_500),
    flushIntervalMs: 0,
  });
}

const TEMPLATE = 'SELECT * FROM submissions WHERE course_id = ?';

describe('GET /v1/insights', () => {
  it('ranks a failing endpoint, a scanned table with its CREATE INDEX, and a late LCP image', async () => {
    const t = await createTestApp();
    const [ingest, read] = [await token(t, 'ingest'), await token(t, 'read')];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE submissions (id INTEGER PRIMARY KEY, course_id INTEGER, score REAL)');
    const first = sdk(t, ingest, t.clock.now - 600_000);
    const query = first.monitorQuery((sql: string, ...p: unknown[]) => db.prepare(sql).all(...p), {
      explain: 'sqlite',
    });
    for (let course = 1; course <= 6; course++)
      query('SELECT * FROM submissions WHERE course_id = ?', course);
    for (let i = 0; i < 20; i++)
      first.record({
        kind: 'request',
        method: 'GET',
        route: '/api/grades',
        status: i % 2 ? 500 : 200,
        duration: 80,
      });
    await first.flush();
    expect(first.stats()).toMatchObject({ sent: 26 });

    const page = (i: number) => ({
      kind: 'vital',
      id: `v-lcp-${i}0000`,
      t: t.clock.now - 60_000,
      name: 'LCP',
      value: 3_000,
      attribution: { url: 'https://tool.example/hero.jpg', target: 'img.hero', resourceLoadDelay: 1_200 },
    });
    expect((await json(await t.post('/v1/ingest', batch([0, 1, 2, 3, 4].map(page))))).accepted).toBe(5);

    const res = await t.get('/v1/insights?range=1h', read);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.total).toBe(3);
    expect(
      body.insights.map((i: { kind: string; subject: string; impact: number }) => [
        i.kind,
        i.subject,
        i.impact,
      ]),
    ).toEqual([
      ['endpoint.errors', 'GET /api/grades', 50_000], // 10 failures × 5 s
      ['db.index', TEMPLATE, 9_000], // 6 queries × 1.5 s
      ['lcp.load-delay', '/courses/:id/quiz https://tool.example/hero.jpg', 6_000],
    ]);
    expect(body.insights[1]).toMatchObject({
      title: 'Reads every row of submissions: add an index',
      code: 'CREATE INDEX idx_submissions_course_id ON submissions(course_id);',
      evidence: expect.arrayContaining([{ label: 'Query plan', value: 'SCAN submissions' }]),
    });

    // The index is added; the next process explains the template again and sees a SEARCH.
    db.exec(body.insights[1].code);
    const second = sdk(t, ingest, t.clock.now - 300_000);
    const after = second.monitorQuery((sql: string, ...p: unknown[]) => db.prepare(sql).all(...p), {
      explain: 'sqlite',
    });
    after('SELECT * FROM submissions WHERE course_id = ?', 7);
    await second.flush();
    const again = await json(await t.get('/v1/insights?range=1h&limit=2', read));
    expect(again.total).toBe(3);
    expect(again.insights.map((i: { kind: string }) => i.kind)).toEqual(['endpoint.errors', 'db.slow']);
    expect(again.insights[1].evidence).toContainEqual({
      label: 'Query plan',
      value: 'SEARCH submissions USING INDEX idx_submissions_course_id (course_id=?)',
    });
    db.close();
  });

  it('answers an empty list for a quiet site, and 400 or 401 for bad requests', async () => {
    const t = await createTestApp();
    expect(await json(await t.get('/v1/insights?range=24h'))).toEqual({
      site: t.site.id,
      from: t.clock.now - 86_400_000,
      to: t.clock.now,
      insights: [],
      total: 0,
    });
    const bad = await t.get('/v1/insights?limit=0');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatch(/limit/);
    expect((await t.get('/v1/insights', null)).status).toBe(401);
  });
});
