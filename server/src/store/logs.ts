// Log lines (migration 0015): a commit adds a batch's lines (one JSON parameter) only if
// this receipt stored the batch (FRESH) and the site's day is still under its byte cap;
// either way it counts them in log_usage, kept or dropped. Node's group commit does the
// same one line at a time. Reads: full-text search (FTS5, SQLite and D1 alike), the
// exception groups, the cap's usage and the messages pattern mining reads.
import type {
  ExceptionGroupRow,
  LogFilter,
  LogLines,
  LogRecord,
  LogStore,
  LogUsage,
  SqlExecutor,
  StoredLog,
} from '../ports';
import { FRESH } from './rollups';

const COLUMNS = [
  'site_id',
  'id',
  't',
  'level',
  'message',
  'context',
  'request_id',
  'route',
  'release',
  'service',
  'fingerprint',
  'type',
  'title',
  'frame',
  'stack',
] as const;

/** A line's values in the order of COLUMNS. */
export const logParams = (l: LogRecord) => [
  l.siteId,
  l.id,
  l.t,
  l.level,
  l.message,
  l.context,
  l.requestId,
  l.route,
  l.release,
  l.service,
  l.fingerprint,
  l.type,
  l.title,
  l.frame,
  l.stack,
];
const LINES_JSON = `SELECT ${COLUMNS.map((c, i) => `value ->> ${i} AS ${c}`).join(', ')} FROM json_each(?2)`;
/** ?3 site, ?5 day, ?6 cap: a batch is kept while the day's kept bytes are under the cap (the one crossing it too). */
const UNDER = 'COALESCE((SELECT bytes FROM log_usage WHERE site_id = ?3 AND day = ?5), 0) < ?6';
const USAGE_UPDATE = `ON CONFLICT (site_id, day) DO UPDATE SET bytes = bytes + excluded.bytes, lines = lines + excluded.lines,
  dropped = dropped + excluded.dropped, dropped_bytes = dropped_bytes + excluded.dropped_bytes`;

export const LOG_SQL = {
  /** ?1 receipt, ?2 JSON line rows, ?3 site, ?4 batch key, ?5 day, ?6 cap. */
  insertLinesJson: `INSERT INTO logs (${COLUMNS.join(', ')}) SELECT * FROM (${LINES_JSON}) WHERE ${FRESH} AND ${UNDER}`,
  /** The same parameters and ?7 the batch's bytes; runs after insertLinesJson, which leaves log_usage as it was. */
  recordUsageJson: `INSERT INTO log_usage (site_id, day, bytes, lines, dropped, dropped_bytes)
    SELECT ?3, ?5, IIF(u, ?7, 0), IIF(u, n, 0), IIF(u, 0, n), IIF(u, 0, ?7)
    FROM (SELECT ${UNDER} AS u, json_array_length(?2) AS n) WHERE ${FRESH} ${USAGE_UPDATE}`,
  /** Node's group commit (and seed-demo's bulk writer): site, day. */
  usedBytes: 'SELECT COALESCE((SELECT bytes FROM log_usage WHERE site_id = ? AND day = ?), 0) AS bytes',
  insertLine: `INSERT INTO logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  /** site, day, bytes kept, lines kept, lines dropped, bytes dropped. */
  addUsage: `INSERT INTO log_usage (site_id, day, bytes, lines, dropped, dropped_bytes) VALUES (?, ?, ?, ?, ?, ?) ${USAGE_UPDATE}`,
  usage: `SELECT day, bytes, lines, dropped, dropped_bytes AS droppedBytes FROM log_usage
    WHERE site_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day DESC`,
  exceptionGroups: `SELECT fingerprint, MAX(type) AS type, MAX(title) AS title, MAX(frame) AS frame, COUNT(*) AS count,
      MIN(t) AS firstSeen, MAX(t) AS lastSeen, json_group_array(DISTINCT route) AS routes,
      (SELECT json_array(l.message, l.stack, l.release) FROM logs AS l WHERE l.site_id = ?1 AND l.fingerprint = g.fingerprint AND l.t BETWEEN ?2 AND ?3 ORDER BY l.t DESC, l.seq DESC LIMIT 1) AS latest,
      (SELECT l.release FROM logs AS l WHERE l.site_id = ?1 AND l.fingerprint = g.fingerprint ORDER BY l.t, l.seq LIMIT 1) AS firstRelease
    FROM logs AS g WHERE site_id = ?1 AND fingerprint != '' AND t BETWEEN ?2 AND ?3 AND (?5 IS NULL OR fingerprint = ?5)
    GROUP BY fingerprint ORDER BY lastSeen DESC LIMIT ?4`,
  messages: `SELECT t, message, release FROM logs WHERE site_id = ?1 AND t BETWEEN ?2 AND ?3 AND level IN ('error', 'warn')
    ORDER BY t DESC LIMIT ?4`,
} as const;

const bytesOf = (logs: LogLines) => logs.lines.reduce((sum, l) => sum + l.bytes, 0);

/** The commit's statements for a batch's lines (batches.ts `commitStatements`). */
export function logStatements(receipt: string, siteId: string, key: string, logs: LogLines) {
  const params = [receipt, `[${logs.lines.map((l) => JSON.stringify(logParams(l))).join(',')}]`, siteId, key];
  return [
    [LOG_SQL.insertLinesJson, [...params, logs.day, logs.cap]] as const,
    [LOG_SQL.recordUsageJson, [...params, logs.day, logs.cap, bytesOf(logs)]] as const,
  ];
}

/** Node's group commit: the same decision, with `run` and `get` inside its transaction. */
export function writeLogLines(
  run: (sql: string, ...params: unknown[]) => void,
  get: (sql: string, ...params: unknown[]) => { bytes: number },
  logs: LogLines,
): void {
  const bytes = bytesOf(logs);
  const under = get(LOG_SQL.usedBytes, logs.siteId, logs.day).bytes < logs.cap;
  if (under) for (const line of logs.lines) run(LOG_SQL.insertLine, ...logParams(line));
  const n = logs.lines.length;
  run(
    LOG_SQL.addUsage,
    logs.siteId,
    logs.day,
    under ? bytes : 0,
    under ? n : 0,
    under ? 0 : n,
    under ? 0 : bytes,
  );
}

/** `video 12` → `"video"* "12"*`: every word, as a prefix; quotes keep FTS5's syntax out of users' hands. */
export function ftsQuery(q: string): string {
  const words = q.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words
    .slice(0, 16)
    .map((w) => `"${w}"*`)
    .join(' ');
}

type LogRow = Omit<StoredLog, never>;
const READ_COLUMNS = `seq, id, t, level, message, context, request_id AS requestId, route, release, service,
  fingerprint, type, title, frame, stack`;

function searchSql(f: LogFilter): [string, unknown[]] {
  const where = ['site_id = ?', 't BETWEEN ? AND ?'];
  const params: unknown[] = [f.siteId, f.from, f.to];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  eq('route', f.route);
  eq('request_id', f.requestId);
  eq('release', f.release);
  eq('fingerprint', f.fingerprint);
  if (f.levels?.length) {
    where.push('level IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(f.levels));
  }
  if (f.before) {
    where.push('(t < ? OR (t = ? AND seq < ?))');
    params.push(f.before.t, f.before.t, f.before.seq);
  }
  const match = f.q ? ftsQuery(f.q) : '';
  if (match) {
    where.push('seq IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)');
    params.push(match);
  }
  params.push(f.limit);
  return [
    `SELECT ${READ_COLUMNS} FROM logs WHERE ${where.join(' AND ')} ORDER BY t DESC, seq DESC LIMIT ?`,
    params,
  ];
}

export function logStore(exec: SqlExecutor): LogStore {
  return {
    async logs(filter) {
      const [sql, params] = searchSql(filter);
      return exec.all<LogRow>(sql, ...params);
    },
    async exceptionGroups(siteId, from, to, limit, fingerprint) {
      const rows = await exec.all<
        Omit<ExceptionGroupRow, 'routes' | 'message' | 'stack' | 'lastRelease'> & {
          routes: string;
          latest: string;
        }
      >(LOG_SQL.exceptionGroups, siteId, from, to, limit, fingerprint ?? null);
      return rows.map(({ routes, latest, ...g }) => {
        const [message, stack, lastRelease] = JSON.parse(latest) as string[];
        return {
          ...g,
          message,
          stack,
          lastRelease,
          routes: (JSON.parse(routes) as string[]).filter(Boolean),
        };
      });
    },
    async logUsage(siteId, fromDay, toDay): Promise<LogUsage[]> {
      return exec.all<LogUsage>(LOG_SQL.usage, siteId, fromDay, toDay);
    },
    async logMessages(siteId, from, to, limit) {
      return exec.all(LOG_SQL.messages, siteId, from, to, limit);
    },
  };
}
