// Log lines kept raw (issue 16 item 1): a server batch's `log` events as rows of the
// logs table, each exception a line reports fingerprinted like a browser error
// (core/fingerprint.ts). A batch's lines are kept or dropped whole against the site's
// daily byte cap, in the store's SQL, so concurrent commits cannot both slip under it. Pure.
import type { LogEvent, ServerEvent } from '../../../shared/server-protocol';
import type { LogLines, LogRecord } from '../ports';
import { fingerprintOf } from './fingerprint';

const DAY = 86_400_000;
/** 50 MB per site and UTC day unless SIGHTLINE_LOG_BYTES_PER_DAY says otherwise. */
export const DEFAULT_LOG_BYTES_PER_DAY = 50_000_000;
/** What a line costs besides its text: ids, times, index entries. */
const LINE_OVERHEAD = 64;

export const dayOf = (t: number) => Math.floor(t / DAY);

/** One line as a row, `release` and `service` from its batch. */
export function logRecordOf(siteId: string, service: string, release: string, e: LogEvent): LogRecord {
  const context = e.context ? JSON.stringify(e.context) : '';
  const x = e.exception;
  const identity = x ? fingerprintOf({ type: x.type, message: x.message, stack: x.stack }) : undefined;
  const stack = x?.stack ?? '';
  return {
    siteId,
    id: e.id,
    t: e.t,
    level: e.level,
    message: e.message,
    context,
    requestId: e.requestId ?? '',
    route: e.route ?? '',
    release,
    service,
    fingerprint: identity?.fingerprint ?? '',
    type: x?.type ?? '',
    title: identity?.title ?? '',
    frame: identity?.frame ?? '',
    stack,
    bytes: LINE_OVERHEAD + e.message.length + context.length + stack.length + (x?.message.length ?? 0),
  };
}

/**
 * The error line of a request that failed with an error (`request.error`) when no line of its
 * batch reports an exception for that request: what an SDK without the request logger, or
 * another client, sent; a request's error message is then a line too.
 */
function requestErrorLines(events: ServerEvent[]): LogEvent[] {
  const reported = new Set<string>();
  for (const e of events) if (e.kind === 'log' && e.exception && e.requestId) reported.add(e.requestId);
  return events.flatMap((e): LogEvent[] =>
    e.kind === 'request' && e.error !== undefined && !(e.requestId && reported.has(e.requestId))
      ? [
          {
            kind: 'log',
            id: `${e.id}.error`,
            t: e.t,
            level: 'error',
            message: e.error,
            context: { method: e.method, status: e.status },
            route: e.route,
            ...(e.requestId && { requestId: e.requestId }),
          },
        ]
      : [],
  );
}

/** A server batch's log lines (and its failed requests' errors); undefined when it has none. */
export function logLinesOf(
  env: { siteId: string; service: string; release: string },
  events: ServerEvent[],
  receivedAt: number,
  cap = DEFAULT_LOG_BYTES_PER_DAY,
): LogLines | undefined {
  const lines = [...events.filter((e): e is LogEvent => e.kind === 'log'), ...requestErrorLines(events)].map(
    (e) => logRecordOf(env.siteId, env.service, env.release, e),
  );
  return lines.length ? { siteId: env.siteId, day: dayOf(receivedAt), cap, lines } : undefined;
}
