import { describe, expect, it } from 'vitest';
import { normaliseSql, sqlOp } from './sql';

describe('normaliseSql', () => {
  it.each([
    [
      'string literals',
      "SELECT * FROM users WHERE email = 'ada@example.edu'",
      'SELECT * FROM users WHERE email = ?',
    ],
    [
      'doubled quotes inside a string',
      "UPDATE notes SET body = 'it''s due' WHERE id = 7",
      'UPDATE notes SET body = ? WHERE id = ?',
    ],
    [
      'backslash-escaped quotes',
      "INSERT INTO t (a) VALUES ('say \\'hi\\' now')",
      'INSERT INTO t (a) VALUES (?)',
    ],
    ['prefixed strings', "SELECT E'a\\'b', N'x', X'ff'", 'SELECT ?, ?, ?'],
    ['dollar-quoted strings', "SELECT $body$ it's; -- not a comment $body$ AS b", 'SELECT ? AS b'],
    [
      'integers, decimals, exponents and hex',
      'SELECT * FROM g WHERE score > 9.5 AND n < 1e3 AND flags = 0xff LIMIT 10 OFFSET 20',
      'SELECT * FROM g WHERE score > ? AND n < ? AND flags = ? LIMIT ? OFFSET ?',
    ],
    [
      'signed numbers',
      'SELECT * FROM t WHERE a = -5 AND b IN (-1, +2) AND c - 3 > 0',
      'SELECT * FROM t WHERE a = ? AND b IN (?) AND c - ? > ?',
    ],
    [
      'digits inside identifiers',
      'SELECT col1, t2.x3 FROM table_2024 t2',
      'SELECT col1, t2.x3 FROM table_2024 t2',
    ],
    [
      'IN lists of any length',
      'SELECT id FROM c WHERE id IN (1,2, 3 ,4) OR x NOT IN ( ?, ? )',
      'SELECT id FROM c WHERE id IN (?) OR x NOT IN (?)',
    ],
    [
      'multi-row VALUES',
      'INSERT INTO g (a, b) VALUES (1, 2), (3, 4), (5, 6)',
      'INSERT INTO g (a, b) VALUES (?, ?)',
    ],
    [
      'line and block comments',
      'SELECT a -- the id\nFROM t /* hint: use idx */ WHERE b = 1',
      'SELECT a FROM t WHERE b = ?',
    ],
    ['an unterminated block comment', 'SELECT 1 /* oops', 'SELECT ?'],
    [
      '? and ?NNN placeholders',
      'SELECT * FROM t WHERE a = ? AND b = ?2',
      'SELECT * FROM t WHERE a = ? AND b = ?',
    ],
    ['$n placeholders', 'UPDATE t SET a = $1 WHERE b = $12', 'UPDATE t SET a = ? WHERE b = ?'],
    [
      ':name and @name placeholders, keeping ::casts',
      'SELECT :id::int, @name, x::text FROM t',
      'SELECT ?::int, ?, x::text FROM t',
    ],
    [
      'quoted identifiers kept',
      'SELECT "user id", `order` FROM "Course 1"',
      'SELECT "user id", `order` FROM "Course 1"',
    ],
    ['whitespace runs and a trailing semicolon', '  SELECT\n\t a ,b\r\n FROM   t ;  ', 'SELECT a, b FROM t'],
  ])('replaces %s', (_, sql, template) => {
    expect(normaliseSql(sql)).toBe(template);
  });

  it('never lets a value through, even from an unterminated string', () => {
    expect(normaliseSql("SELECT * FROM t WHERE token = 'secret-abc")).toBe('SELECT * FROM t WHERE token = ?');
  });

  it('gives one template for queries that differ only in values', () => {
    const a = normaliseSql("select * from g where id in (1,2,3) and name='x'");
    const b = normaliseSql("select  *  from g where id in (4) and name = 'y z'");
    expect(a).toBe(b);
  });

  it('truncates long templates to 1,024 characters', () => {
    const sql = `SELECT ${Array.from({ length: 400 }, (_, i) => `column_${i}`).join(', ')} FROM t`;
    expect(normaliseSql(sql)).toHaveLength(1024);
    expect(normaliseSql(sql).endsWith('…')).toBe(true);
  });
});

describe('sqlOp', () => {
  it.each([
    ['SELECT 1', 'SELECT'],
    ['  select * from t', 'SELECT'],
    ['(SELECT a FROM t) UNION (SELECT b FROM u)', 'SELECT'],
    ['/* why */ INSERT INTO t VALUES (1)', 'INSERT'],
    ['REPLACE INTO t VALUES (1)', 'INSERT'],
    ['update t set a = 1', 'UPDATE'],
    ['DELETE FROM t', 'DELETE'],
    [
      'WITH recent AS (SELECT * FROM t WHERE x > 1) DELETE FROM t WHERE id IN (SELECT id FROM recent)',
      'DELETE',
    ],
    ['WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b', 'SELECT'],
    ['WITH "update" AS (SELECT 1) INSERT INTO t SELECT * FROM "update"', 'INSERT'],
    ['PRAGMA table_info(t)', 'OTHER'],
    ['CREATE TABLE t (id INTEGER)', 'OTHER'],
    ['', 'OTHER'],
  ])('%s → %s', (sql, op) => {
    expect(sqlOp(sql)).toBe(op);
  });
});
