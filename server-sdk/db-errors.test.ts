import { describe, expect, it } from 'vitest';
import { classifyDbError } from './db-errors';

const coded = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('classifyDbError', () => {
  it.each([
    [
      'a refused connection (Node)',
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      'connection',
    ],
    ['a reset socket', coded('ECONNRESET'), 'connection'],
    ['an unknown host', coded('ENOTFOUND', 'getaddrinfo ENOTFOUND db'), 'connection'],
    ['PostgreSQL connection_failure (08006)', coded('08006'), 'connection'],
    ['PostgreSQL too_many_connections (53300)', coded('53300'), 'connection'],
    ['MySQL lost connection', coded('PROTOCOL_CONNECTION_LOST'), 'connection'],
    ['D1 network loss', new Error('D1_ERROR: Network connection lost.'), 'connection'],
    ['D1 overloaded', new Error('D1 DB is overloaded. Too many requests queued.'), 'connection'],
    [
      'D1 reset',
      new Error('D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.'),
      'connection',
    ],
    ['pg pool', new Error('Connection terminated unexpectedly'), 'connection'],
    [
      'a fetch failure with a cause',
      new TypeError('fetch failed', { cause: coded('ECONNREFUSED', 'connect ECONNREFUSED') }),
      'connection',
    ],
    [
      'PostgreSQL statement timeout (57014)',
      coded('57014', 'canceling statement due to statement timeout'),
      'timeout',
    ],
    ['a connect timeout', coded('ETIMEDOUT'), 'timeout'],
    ['MySQL lock wait', coded('ER_LOCK_WAIT_TIMEOUT'), 'timeout'],
    ['SQLite busy', coded('SQLITE_BUSY', 'database is locked'), 'timeout'],
    [
      'an AbortSignal.timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'timeout',
    ],
    ['a message only', new Error('Query read timeout'), 'timeout'],
    [
      'PostgreSQL unique_violation (23505)',
      coded('23505', 'duplicate key value violates unique constraint "users_pkey"'),
      'constraint',
    ],
    [
      'SQLite constraint (better-sqlite3)',
      coded('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: users.email'),
      'constraint',
    ],
    [
      'D1 constraint',
      new Error('D1_ERROR: UNIQUE constraint failed: grades.id: SQLITE_CONSTRAINT'),
      'constraint',
    ],
    ['MySQL duplicate', coded('ER_DUP_ENTRY', "Duplicate entry 'x' for key 'PRIMARY'"), 'constraint'],
    ['a syntax error', new Error('near "SELEC": syntax error'), 'other'],
    ['a thrown string', 'boom', 'other'],
    ['undefined', undefined, 'other'],
  ])('%s → %s', (_, error, kind) => {
    expect(classifyDbError(error)).toBe(kind);
  });
});
