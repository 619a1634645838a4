// Which of the seed's database failure families an error belongs to, from the
// driver's error code where it has one, else from the message. Codes: Node
// system errors, PostgreSQL SQLSTATE classes (08 connection, 23 integrity,
// 57014 statement timeout; https://www.postgresql.org/docs/current/errcodes-appendix.html),
// MySQL ER_* names, SQLite result codes; messages: D1's (https://developers.cloudflare.com/d1/observability/debug-d1/).
import type { DbErrorKind } from '../shared/server-limits';

const TIMEOUT_CODES =
  /^(ETIMEDOUT|ESOCKETTIMEDOUT|57014|55P03|ER_LOCK_WAIT_TIMEOUT|PROTOCOL_SEQUENCE_TIMEOUT|SQLITE_BUSY\w*|SQLITE_LOCKED\w*)$/i;
const CONNECTION_CODES =
  /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EPIPE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|08\w{3}|53300|57P0[1-3]|PROTOCOL_CONNECTION_LOST|ER_CON_COUNT_ERROR|ER_ACCESS_DENIED_ERROR|SQLITE_CANTOPEN|SQLITE_IOERR\w*)$/i;
const CONSTRAINT_CODES =
  /^(23\w{3}|SQLITE_CONSTRAINT\w*|ER_DUP_ENTRY|ER_NO_REFERENCED_ROW\w*|ER_ROW_IS_REFERENCED\w*|ER_BAD_NULL_ERROR)$/i;

const TIMEOUT_MESSAGE =
  /time(?:d)? ?out|deadline exceeded|statement timeout|canceling statement|lock wait|database is locked|queued for too long/i;
const CONNECTION_MESSAGE =
  /connection (?:refused|reset|terminated|closed|lost|error|failure)|network connection lost|could not connect|too many (?:connections|clients)|socket hang up|\bECONN\w+|\bENOTFOUND\b|overloaded|DB reset|object to be reset|transient issue|storage (?:operation )?(?:exceeded|reset|unavailable)/i;
const CONSTRAINT_MESSAGE = /constraint|duplicate key|duplicate entry|violates|foreign key/i;

function codeOf(error: unknown): string {
  if (!error || typeof error !== 'object') return '';
  const { code, errno, sqlState } = error as { code?: unknown; errno?: unknown; sqlState?: unknown };
  const found = [code, sqlState, errno].find((c) => typeof c === 'string' && c !== '');
  return typeof found === 'string' ? found : '';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    // Drivers often wrap the real failure (`cause`), as fetch does a network error.
    const cause = error.cause instanceof Error ? ` ${error.cause.message}` : '';
    return `${error.name} ${error.message}${cause}`;
  }
  return typeof error === 'string' ? error : '';
}

/** `connection`, `timeout`, `constraint` or `other`. */
export function classifyDbError(error: unknown): DbErrorKind {
  const code = codeOf(error);
  if (code) {
    if (TIMEOUT_CODES.test(code)) return 'timeout';
    if (CONNECTION_CODES.test(code)) return 'connection';
    if (CONSTRAINT_CODES.test(code)) return 'constraint';
  }
  const message = messageOf(error);
  if (/\bTimeoutError\b/.test(message) || TIMEOUT_MESSAGE.test(message)) return 'timeout';
  if (CONNECTION_MESSAGE.test(message)) return 'connection';
  if (CONSTRAINT_MESSAGE.test(message)) return 'constraint';
  return 'other';
}
