import { Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import type { DbEvent } from '../shared/server-protocol';
import { dbEvent, monitorD1, monitorQuery, type Recorder } from './db';
import type { ServerEventInput } from './events';

/** A recorder on a fake monotonic clock that moves `step` ms each time it is read (so every query takes `step`). */
function recorder(step = 2) {
  const events: ServerEventInput[] = [];
  let now = 0;
  const r: Recorder = { record: (e) => void events.push(e), now: () => (now += step) };
  return { r, events: events as DbEvent[] };
}

describe('dbEvent', () => {
  it('keeps the template, never the values, and flags slow queries', () => {
    expect(dbEvent("SELECT * FROM users WHERE email = 'ada@example.edu'", 1_000.4, false)).toEqual({
      kind: 'db',
      op: 'SELECT',
      template: 'SELECT * FROM users WHERE email = ?',
      duration: 1_000.4,
      ok: true,
      slow: true,
    });
    expect(dbEvent('UPDATE t SET a = 1', 1_000, false).slow).toBe(false);
    expect(
      dbEvent('INSERT INTO t VALUES (1)', 3, true, Object.assign(new Error('x'), { code: '23505' })),
    ).toMatchObject({ ok: false, errorKind: 'constraint' });
  });
});

describe('monitorQuery', () => {
  it('measures an async query(sql, params) and returns its result unchanged', async () => {
    const { r, events } = recorder();
    const query = monitorQuery(r, async (sql: string, params: unknown[]) => ({ rows: [{ sql, params }] }));
    await expect(query('SELECT * FROM c WHERE id = $1', [7])).resolves.toEqual({
      rows: [{ sql: 'SELECT * FROM c WHERE id = $1', params: [7] }],
    });
    expect(events).toEqual([
      {
        kind: 'db',
        op: 'SELECT',
        template: 'SELECT * FROM c WHERE id = ?',
        duration: 2,
        ok: true,
        slow: false,
      },
    ]);
  });

  it('rethrows a failure unchanged after classifying it', async () => {
    const { r, events } = recorder();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const query = monitorQuery(r, async (_sql: string) => Promise.reject(refused));
    await expect(query('DELETE FROM s WHERE t < 5')).rejects.toBe(refused);
    expect(events[0]).toMatchObject({ op: 'DELETE', ok: false, errorKind: 'connection' });
  });

  it('measures synchronous drivers too, keeps `this`, and reads pg-style { text } configs', () => {
    const { r, events } = recorder();
    const db = {
      name: 'pool',
      query(this: { name: string }, config: { text: string } | string) {
        return `${this.name}:${typeof config === 'string' ? config : config.text}`;
      },
    };
    db.query = monitorQuery(r, db.query);
    expect(db.query({ text: 'SELECT 1' })).toBe('pool:SELECT 1');
    expect(() =>
      monitorQuery(r, (_sql: string) => {
        throw new Error('Query read timeout');
      })('SELECT 2'),
    ).toThrow('timeout');
    expect(events.map((e) => [e.template, e.ok, e.errorKind])).toEqual([
      ['SELECT ?', true, undefined],
      ['SELECT ?', false, 'timeout'],
    ]);
  });
});

describe('monitorD1 on a real local D1 (Miniflare)', () => {
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: ['DB'],
  });
  afterAll(() => mf.dispose());

  it('measures prepare/bind/run/first/all/raw, batch and exec, and answers exactly as D1 does', async () => {
    const { r, events } = recorder();
    const db = monitorD1(r, await mf.getD1Database('DB'));
    await db.exec('CREATE TABLE grades (id INTEGER PRIMARY KEY, user TEXT NOT NULL, score REAL)');
    await db
      .prepare('INSERT INTO grades (id, user, score) VALUES (?, ?, ?)')
      .bind(1, 'ada@example.edu', 9.5)
      .run();
    await db.batch([
      db.prepare('INSERT INTO grades (id, user, score) VALUES (?, ?, ?)').bind(2, 'bo@example.edu', 7),
      db.prepare('UPDATE grades SET score = score + 1 WHERE id = ?').bind(1),
    ]);
    expect(
      await db.prepare('SELECT score FROM grades WHERE user = ?').bind('ada@example.edu').first('score'),
    ).toBe(10.5);
    expect((await db.prepare('SELECT id FROM grades ORDER BY id').all()).results).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
    expect(await db.prepare('SELECT id FROM grades WHERE id IN (1, 2) ORDER BY id').raw()).toEqual([
      [1],
      [2],
    ]);
    await expect(
      db.prepare('INSERT INTO grades (id, user) VALUES (?, ?)').bind(1, 'again').run(),
    ).rejects.toThrow(/UNIQUE/);

    expect(events.map((e) => [e.op, e.template, e.ok, e.errorKind])).toEqual([
      [
        'OTHER',
        'CREATE TABLE grades (id INTEGER PRIMARY KEY, user TEXT NOT NULL, score REAL)',
        true,
        undefined,
      ],
      ['INSERT', 'INSERT INTO grades (id, user, score) VALUES (?, ?, ?)', true, undefined],
      [
        'INSERT',
        'INSERT INTO grades (id, user, score) VALUES (?, ?, ?); UPDATE grades SET score = score + ? WHERE id = ?',
        true,
        undefined,
      ],
      ['SELECT', 'SELECT score FROM grades WHERE user = ?', true, undefined],
      ['SELECT', 'SELECT id FROM grades ORDER BY id', true, undefined],
      ['SELECT', 'SELECT id FROM grades WHERE id IN (?) ORDER BY id', true, undefined],
      ['INSERT', 'INSERT INTO grades (id, user) VALUES (?, ?)', false, 'constraint'],
    ]);
    expect(JSON.stringify(events)).not.toContain('ada@example.edu');
  });
});
