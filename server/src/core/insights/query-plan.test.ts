// Index suggestions against a real SQLite database's EXPLAIN QUERY PLAN, with and
// without the index: once the suggested index exists, the same template asks for nothing.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parsePlan, suggestIndexes } from './query-plan';
import { templateColumns } from './template-columns';

const SCHEMA = `
  CREATE TABLE submissions (id INTEGER PRIMARY KEY, course_id INTEGER, user_id INTEGER, created_at INTEGER, score REAL);
  CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
`;

/** The plan's detail lines, as the SDK ships them (parameters bound to NULL). */
function planOf(db: Database.Database, template: string): string[] {
  const params = (template.match(/\?/g) ?? []).map(() => null);
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${template}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail);
}

/** Suggests, applies the suggestions, and asks again. */
function suggestTwice(template: string) {
  const db = new Database(':memory:');
  db.exec(SCHEMA);
  const before = suggestIndexes(template, planOf(db, template));
  for (const s of before) db.exec(s.statement);
  const after = suggestIndexes(template, planOf(db, template));
  db.close();
  return { before, after };
}

describe('index suggestions on real SQLite', () => {
  it('a filter on an unindexed column: SCAN, then SEARCH once the index exists', () => {
    const { before, after } = suggestTwice('SELECT * FROM submissions WHERE user_id = ?');
    expect(before).toEqual([
      {
        table: 'submissions',
        columns: ['user_id'],
        statement: 'CREATE INDEX idx_submissions_user_id ON submissions(user_id)',
        because: 'SCAN submissions',
      },
    ]);
    expect(after).toEqual([]);
  });

  it('an equality and an order: one index keeps both, so no temp B-tree', () => {
    const { before, after } = suggestTwice(
      'SELECT * FROM submissions WHERE course_id = ? ORDER BY created_at DESC LIMIT ?',
    );
    expect(before.map((s) => s.statement)).toEqual([
      'CREATE INDEX idx_submissions_course_id_created_at ON submissions(course_id, created_at)',
    ]);
    expect(after).toEqual([]);
  });

  it('an index on the filter alone still sorts in a temp B-tree: the order is added', () => {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    db.exec('CREATE INDEX by_course ON submissions(course_id)');
    const template = 'SELECT * FROM submissions WHERE course_id = ? ORDER BY created_at LIMIT ?';
    const plan = planOf(db, template);
    expect(plan).toEqual([
      'SEARCH submissions USING INDEX by_course (course_id=?)',
      'USE TEMP B-TREE FOR ORDER BY',
    ]);
    expect(suggestIndexes(template, plan)).toEqual([
      {
        table: 'submissions',
        columns: ['course_id', 'created_at'],
        statement: 'CREATE INDEX idx_submissions_course_id_created_at ON submissions(course_id, created_at)',
        because: 'USE TEMP B-TREE FOR ORDER BY',
      },
    ]);
    db.close();
  });

  it('a join under aliases: the scanned side gets its filter column, by its real name', () => {
    const { before, after } = suggestTwice(
      'SELECT s.score, u.name FROM submissions AS s JOIN users u ON u.id = s.user_id WHERE s.course_id = ?',
    );
    expect(before.map((s) => s.statement)).toEqual([
      'CREATE INDEX idx_submissions_course_id ON submissions(course_id)',
    ]);
    expect(after).toEqual([]);
  });

  it('a subquery filter is its own scope; a range follows the equality', () => {
    const { before, after } = suggestTwice(
      'SELECT * FROM submissions WHERE course_id IN (SELECT id FROM users WHERE email = ?) AND score > ?',
    );
    expect(before.map((s) => s.statement)).toEqual([
      'CREATE INDEX idx_submissions_course_id_score ON submissions(course_id, score)',
      'CREATE INDEX idx_users_email ON users(email)',
    ]);
    expect(after).toEqual([]);
  });

  it('a join SQLite indexes on the fly (AUTOMATIC index): that index, made permanent; the outer scan is left', () => {
    const { before, after } = suggestTwice(
      'SELECT s.score, u.name FROM submissions s JOIN users u ON u.email = s.user_id',
    );
    expect(before).toEqual([
      {
        table: 'submissions',
        columns: ['user_id'],
        statement: 'CREATE INDEX idx_submissions_user_id ON submissions(user_id)',
        because: 'SEARCH s USING AUTOMATIC COVERING INDEX (user_id=?)',
      },
    ]);
    expect(after).toEqual([]);
  });

  it('a virtual table (json_each) asks for nothing', () => {
    expect(
      suggestTwice('SELECT * FROM submissions s, json_each(?) AS e WHERE e.value = s.id').before,
    ).toEqual([]);
  });

  it('updates and deletes filter too', () => {
    const { before, after } = suggestTwice('UPDATE submissions SET score = ? WHERE user_id = ?');
    expect(before.map((s) => s.statement)).toEqual([
      'CREATE INDEX idx_submissions_user_id ON submissions(user_id)',
    ]);
    expect(after).toEqual([]);
  });

  it('a scan with nothing to filter on, or a primary key lookup, asks for nothing', () => {
    expect(suggestTwice('SELECT count(*) FROM submissions').before).toEqual([]);
    expect(suggestTwice('SELECT * FROM users WHERE id = ?').before).toEqual([]);
  });
});

describe('plan lines and template columns', () => {
  it('reads SCAN, SEARCH, indexes and sorts, older TABLE wording included', () => {
    expect(
      parsePlan([
        'SCAN TABLE users AS u',
        'SEARCH s USING COVERING INDEX idx_s (user_id=?)',
        'SEARCH u USING INTEGER PRIMARY KEY (rowid=?)',
        'USE TEMP B-TREE FOR ORDER BY',
        'SCAN CONSTANT ROW',
        'SEARCH s USING AUTOMATIC COVERING INDEX (user_id=? AND course_id>?)',
        'SCAN e VIRTUAL TABLE INDEX 1:',
        'USE TEMP B-TREE FOR LAST TERM OF ORDER BY',
      ]),
    ).toEqual([
      { kind: 'scan', table: 'u' },
      { kind: 'search', table: 's', index: 'idx_s' },
      { kind: 'search', table: 'u', index: 'PRIMARY KEY' },
      { kind: 'sort' },
      { kind: 'other' },
      { kind: 'search', table: 's', automatic: ['user_id', 'course_id'] },
      { kind: 'other' },
      { kind: 'sort' },
    ]);
  });

  it('tells equality, range, join and order columns apart, by alias', () => {
    const uses = templateColumns(
      'SELECT * FROM submissions s JOIN users AS u ON s.user_id = u.id WHERE u.email = ? AND s.created_at > ? ORDER BY s.created_at DESC',
    );
    expect(Object.fromEntries(uses)).toEqual({
      s: { table: 'submissions', equal: [], range: ['created_at'], join: ['user_id'], order: ['created_at'] },
      u: { table: 'users', equal: ['email'], range: [], join: ['id'], order: [] },
    });
  });
});
