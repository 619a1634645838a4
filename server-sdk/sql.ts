// SQL → template: the query's shape without its values, so templates can be a
// rollup dimension and no literal (an email, a grade) ever leaves the tool.
// A single scan, not a parser: strings, numbers and placeholders become `?`,
// comments go, quoted identifiers stay.
import { SERVER_LIMITS } from '../shared/server-limits';
import type { DbOp } from '../shared/server-limits';
import { truncate } from './events';

const WORD = /[A-Za-z0-9_$]/;
const WORD_START = /[A-Za-z_]/;
const DIGIT = /[0-9]/;
const NUMBER = /^(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i;
const DOLLAR_TAG = /^\$(?:[A-Za-z_]\w*)?\$/;

/** Index just past a quoted run opened at `start`; `''` and (MySQL-style) `\'` escape. Unterminated: the end. */
function skipQuoted(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\' && quote === "'") i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  return sql.length;
}

/** Index just past a comment opened at `start` (`--` to the line's end, or a block). */
function skipComment(sql: string, start: number): number {
  if (sql[start] === '-') {
    const end = sql.indexOf('\n', start);
    return end < 0 ? sql.length : end + 1;
  }
  const end = sql.indexOf('*/', start + 2);
  return end < 0 ? sql.length : end + 2;
}

/** Replaces literals and placeholders with `?`, comments and whitespace runs with one space. */
function scan(sql: string): string {
  let out = '';
  let i = 0;
  const literal = (end: number) => {
    out += '?';
    i = end;
  };
  const space = () => {
    if (out && !out.endsWith(' ')) out += ' ';
  };
  while (i < sql.length) {
    const c = sql[i];
    const rest = sql.slice(i, i + 2);
    if (rest === '--' || rest === '/*') {
      i = skipComment(sql, i);
      space();
    } else if (/\s/.test(c)) {
      space();
      i++;
    } else if (/[<>!=]/.test(c) && !/[-#@]/.test(sql[i - 1] ?? '')) {
      // Comparison operators spaced one way: `a=1` and `a = 1` are one template.
      let end = i + 1;
      while (/[<>!=]/.test(sql[end] ?? '')) end++;
      space();
      out += `${sql.slice(i, end)} `;
      i = end;
    } else if (c === "'") literal(skipQuoted(sql, i, "'"));
    else if (/[EeNnXxBb]/.test(c) && sql[i + 1] === "'") literal(skipQuoted(sql, i + 1, "'"));
    else if (c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD.test(sql[end])) end++;
      out += sql.slice(i, end);
      i = end;
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(sql[i + 1] ?? '') && !WORD.test(out.at(-1) ?? ''))) {
      literal(i + (sql.slice(i).match(NUMBER)?.[0].length ?? 1));
    } else if (c === '$') {
      const tag = sql.slice(i).match(DOLLAR_TAG)?.[0];
      const positional = sql.slice(i).match(/^\$\d+/)?.[0];
      if (positional) literal(i + positional.length);
      else if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        literal(close < 0 ? sql.length : close + tag.length);
      } else ((out += c), i++);
    } else if (c === '?') literal(i + 1 + (sql.slice(i + 1).match(/^\d*/)?.[0].length ?? 0));
    else if ((c === ':' || c === '@') && WORD_START.test(sql[i + 1] ?? '') && sql[i - 1] !== ':') {
      // :name and @name parameters; `::type` casts are kept by the look-behind.
      let end = i + 2;
      while (end < sql.length && WORD.test(sql[end])) end++;
      literal(end);
    } else ((out += c), i++);
  }
  return out;
}

/** Tidies a scanned query so equal shapes give equal strings. */
function tidy(scanned: string): string {
  return (
    scanned
      .replace(/ ?, ?/g, ', ')
      .replace(/\( /g, '(')
      .replace(/ \)/g, ')')
      // A sign before a literal belongs to it: `= -?` is `= ?`.
      .replace(
        /([=<>(,]|\b(?:AND|OR|NOT|WHEN|THEN|ELSE|SELECT|WHERE|BY|LIMIT|OFFSET|VALUES|RETURN|BETWEEN|IS)) ?[-+]\?/gi,
        '$1 ?',
      )
      .replace(/\( \?/g, '(?')
      .replace(/\bIN ?\(\?(?:, \?)*\)/gi, 'IN (?)')
      // Multi-row VALUES of placeholders: one row stands for all.
      .replace(/(\((?:\?, )*\?\))(?:, \((?:\?, )*\?\))+/g, '$1')
      .trim()
      .replace(/ ?;$/, '')
  );
}

/** `SELECT * FROM users WHERE email = 'a@b.c' AND id IN (1, 2)` → `SELECT * FROM users WHERE email = ? AND id IN (?)`. */
export function normaliseSql(sql: string): string {
  return truncate(tidy(scan(sql)), SERVER_LIMITS.maxTemplateLength) || '?';
}

const OPS: Record<string, DbOp> = {
  SELECT: 'SELECT',
  INSERT: 'INSERT',
  REPLACE: 'INSERT',
  UPDATE: 'UPDATE',
  DELETE: 'DELETE',
};

/**
 * The statement's kind from its first keyword; for `WITH … AS (…)` the first
 * keyword outside parentheses after the common table expressions.
 */
export function sqlOp(sql: string): DbOp {
  // Quoted identifiers (`"update"`) are names, not keywords.
  const words =
    normaliseSql(sql)
      .replace(/"[^"]*"|`[^`]*`/g, 'x')
      .match(/[A-Za-z_]\w*|[()]/g) ?? [];
  const first = words.find((w) => w !== '(')?.toUpperCase();
  if (first !== 'WITH') return (first && OPS[first]) || 'OTHER';
  let depth = 0;
  for (const w of words) {
    if (w === '(') depth++;
    else if (w === ')') depth--;
    else if (depth === 0 && OPS[w.toUpperCase()]) return OPS[w.toUpperCase()];
  }
  return 'OTHER';
}
