// A slow template's EXPLAIN QUERY PLAN, shipped once with its event: on a real SQLite
// database through monitorQuery, and on a real local D1 (Miniflare) through monitorD1.
import Database from 'better-sqlite3';
import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbEvent } from '../shared/server-protocol';
import { DbEventSchema } from '../shared/server-protocol';
import { monitorD1, monitorQuery, type Recorder } from './db';
import { explainOnce, MAX_EXPLAINED, planLines } from './explain';

/** Every query takes `step` ms on this clock: 1,500 makes each one slow. */
function recorder(step = 1_500) {
  const events: DbEvent[] = [];
  let now = 0;
  const r: Recorder = { record: (e) => void events.push(e as DbEvent), now: () => (now += step) };
  return { r, events };
}

describe('plans through monitorQuery on SQLite', () => {
  it('ships the plan of a slow template once, never its values, and answers unchanged', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE submissions (id INTEGER PRIMARY KEY, course_id INTEGER, score REAL)');
    db.prepare('INSERT INTO submissions (course_id, score) VALUES (?, ?)').run(7, 9.5);
    const { r, events } = recorder();
    const query = monitorQuery(r, (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params), {
      explain: 'sqlite',
    });
    expect(query('SELECT score FROM submissions WHERE course_id = ?', 7)).toEqual([{ score: 9.5 }]);
    expect(query('SELECT score FROM submissions WHERE course_id = ?', 8)).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'db',
        op: 'SELECT',
        template: 'SELECT score FROM submissions WHERE course_id = ?',
        duration: 1_500,
        ok: true,
        slow: true,
        plan: ['SCAN submissions'],
      },
      {
        kind: 'db',
        op: 'SELECT',
        template: 'SELECT score FROM submissions WHERE course_id = ?',
        duration: 1_500,
        ok: true,
        slow: true,
      },
    ]);
    expect(DbEventSchema.safeParse({ ...events[0], id: 'e-000001', t: 1 }).success).toBe(true);
    db.close();
  });

  it('explains nothing fast, nothing without the option, and a failed EXPLAIN only drops the plan', () => {
    const fast = recorder(2);
    const calls: string[] = [];
    monitorQuery(fast.r, (sql: string) => calls.push(sql), { explain: 'sqlite' })('SELECT 1 FROM t');
    monitorQuery(recorder().r, (sql: string) => calls.push(sql))('SELECT 2 FROM t');
    expect(calls).toEqual(['SELECT 1 FROM t', 'SELECT 2 FROM t']);

    const { r, events } = recorder();
    const query = monitorQuery(
      r,
      (sql: string) => {
        if (sql.startsWith('EXPLAIN')) throw new Error('no EXPLAIN here');
        return [];
      },
      { explain: 'sqlite' },
    );
    expect(query('SELECT * FROM t WHERE a = 1')).toEqual([]);
    expect(events).toEqual([expect.not.objectContaining({ plan: expect.anything() })]);
  });

  it('explains at most MAX_EXPLAINED templates per recorder', () => {
    const { r, events } = recorder();
    let explains = 0;
    for (let i = 0; i <= MAX_EXPLAINED + 5; i++)
      explainOnce(
        r,
        { kind: 'db', op: 'SELECT', template: `SELECT c${i} FROM t`, duration: 1_500, ok: true, slow: true },
        () => {
          explains++;
          return [{ id: 2, parent: 0, detail: 'SCAN t' }];
        },
      );
    expect(explains).toBe(MAX_EXPLAINED);
    expect(events.filter((e) => e.plan).length).toBe(MAX_EXPLAINED);
    expect(events.length).toBe(MAX_EXPLAINED + 6);
  });

  it('indents nested plan lines as the sqlite3 shell does, bounded', () => {
    expect(
      planLines([
        { id: 2, parent: 0, detail: 'SCAN submissions' },
        { id: 7, parent: 0, detail: 'LIST SUBQUERY 1' },
        { id: 10, parent: 7, detail: 'SCAN users' },
      ]),
    ).toEqual(['SCAN submissions', 'LIST SUBQUERY 1', '  SCAN users']);
    expect(planLines({ rows: Array.from({ length: 50 }, () => ({ detail: 'SCAN t' })) })).toHaveLength(32);
    expect(planLines({ changes: 0 })).toBeUndefined();
  });
});

describe('plans through monitorD1 on a real local D1 (Miniflare)', () => {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: ['DB'],
  });
  afterAll(() => mf.dispose());

  it('runs EXPLAIN QUERY PLAN through the same binding, with the bound values, once', async () => {
    const raw = await mf.getD1Database('DB');
    await raw.exec('CREATE TABLE grades (id INTEGER PRIMARY KEY, user TEXT NOT NULL, score REAL)');
    const { r, events } = recorder();
    const db = monitorD1(r, raw);
    const select = 'SELECT score FROM grades WHERE user = ? ORDER BY score';
    expect((await db.prepare(select).bind('ada@example.edu').all()).results).toEqual([]);
    await db.prepare(select).bind('bo@example.edu').first();
    await raw.exec('CREATE INDEX grades_user ON grades (user)');
    await db.prepare('SELECT id FROM grades WHERE user = ?').bind('cy@example.edu').all();
    // The plan follows the query's answer (the EXPLAIN is a second round trip).
    await expect.poll(() => events.length).toBe(3);
    expect(events.map((e) => [e.template, e.plan])).toEqual([
      [select, ['SCAN grades', 'USE TEMP B-TREE FOR ORDER BY']],
      [select, undefined],
      ['SELECT id FROM grades WHERE user = ?', ['SEARCH grades USING COVERING INDEX grades_user (user=?)']],
    ]);
    expect(JSON.stringify(events)).not.toContain('example.edu');
  });
});
