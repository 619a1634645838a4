// GET /v1/logs (search, newest first, cursor paging), /v1/logs/exceptions and
// /v1/logs/exceptions/:fingerprint: the log lines the server SDK sent (core/logs.ts).
import { z } from 'zod';
import { LOG_LEVELS } from '../../../../shared/server-limits';
import type {
  ExceptionGroupAnswer,
  ExceptionResponse,
  ExceptionsResponse,
  LogLineAnswer,
  LogPatternsResponse,
  LogsResponse,
} from '../../../../shared/logs';
import type { Store, StoredLog } from '../../ports';
import { HttpError } from '../errors';
import { analysePatterns } from '../log-patterns';
import { dayOf } from '../logs';
import { parseParams, RangeParams, resolveSite, resolveWindow, TimeSchema } from './params';

const MINUTE = 60_000;
const text = (max: number) => z.string().min(1).max(max).optional();

/** `t.seq` of the last line of a page, base64url: opaque to clients. */
const encodeCursor = (line: StoredLog) => btoa(`${line.t}.${line.seq}`).replace(/=+$/, '');
const CursorSchema = z.string().transform((s, ctx) => {
  let m: RegExpExecArray | null = null;
  try {
    m = /^(\d{1,16})\.(\d{1,16})$/.exec(atob(s));
  } catch {
    // not base64: the issue below
  }
  if (!m) ctx.addIssue({ code: 'custom', message: 'not a cursor this endpoint gave' });
  return m ? { t: Number(m[1]), seq: Number(m[2]) } : { t: 0, seq: 0 };
});
const LevelsSchema = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(LOG_LEVELS)).min(1).max(LOG_LEVELS.length));

const LogParams = {
  ...RangeParams,
  q: text(256),
  level: LevelsSchema.optional(),
  route: text(256),
  request: text(64),
  release: text(64),
  exception: text(64),
  cursor: CursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export function lineAnswer(l: StoredLog): LogLineAnswer {
  return {
    id: l.id,
    t: l.t,
    level: l.level,
    message: l.message,
    context: l.context ? (JSON.parse(l.context) as LogLineAnswer['context']) : null,
    requestId: l.requestId,
    route: l.route,
    release: l.release,
    service: l.service,
    exception: l.fingerprint
      ? { fingerprint: l.fingerprint, type: l.type, title: l.title, stack: l.stack }
      : null,
  };
}

/** A search for lines defaults to the last 7 days (the lines' default retention). */
async function logWindow(
  store: Store,
  now: number,
  p: { site?: string; from?: number; to?: number; range?: '1h' | '24h' | '7d' | '30d' },
) {
  return resolveWindow(store, now, { ...p, range: p.range ?? (p.from === undefined ? '7d' : undefined) });
}

export async function queryLogs(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<LogsResponse> {
  const p = parseParams(LogParams, params);
  const { site, from, to } = await logWindow(store, now, p);
  const [page, usage] = await Promise.all([
    store.logs({
      siteId: site.id,
      q: p.q,
      levels: p.level,
      route: p.route,
      requestId: p.request,
      release: p.release,
      fingerprint: p.exception,
      from,
      to,
      before: p.cursor,
      limit: p.limit + 1,
    }),
    store.logUsage(site.id, dayOf(from), dayOf(to)),
  ]);
  const lines = page.slice(0, p.limit);
  const sum = (k: 'bytes' | 'lines' | 'dropped' | 'droppedBytes') => usage.reduce((n, u) => n + u[k], 0);
  return {
    site: site.id,
    from,
    to,
    lines: lines.map(lineAnswer),
    next: page.length > p.limit ? encodeCursor(lines[lines.length - 1]) : null,
    usage: {
      bytes: sum('bytes'),
      lines: sum('lines'),
      dropped: sum('dropped'),
      droppedBytes: sum('droppedBytes'),
    },
    search: 'fts5',
  };
}

const ExceptionParams = { ...RangeParams, limit: z.coerce.number().int().min(1).max(200).default(50) };

export async function queryExceptions(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<ExceptionsResponse> {
  const p = parseParams(ExceptionParams, params);
  const { site, from, to } = await logWindow(store, now, p);
  return { site: site.id, from, to, groups: await store.exceptionGroups(site.id, from, to, p.limit) };
}

export async function queryException(
  store: Store,
  now: number,
  fingerprint: string,
  params: Record<string, string>,
): Promise<ExceptionResponse> {
  const p = parseParams(RangeParams, params);
  const { site, from, to } = await logWindow(store, now, p);
  const [group]: (ExceptionGroupAnswer | undefined)[] = await store.exceptionGroups(
    site.id,
    from,
    to,
    1,
    fingerprint,
  );
  if (!group) throw new HttpError(404, `exception ${fingerprint} not found`, 'fingerprint');
  const occurrences = await store.logs({ siteId: site.id, fingerprint, from, to, limit: 20 });
  const latest = occurrences[0];
  const around = latest.requestId
    ? await store.logs({ siteId: site.id, requestId: latest.requestId, from: 0, to: now, limit: 200 })
    : await store.logs({ siteId: site.id, from: latest.t - MINUTE, to: latest.t + MINUTE, limit: 200 });
  return {
    site: site.id,
    group,
    occurrences: occurrences.map(lineAnswer),
    around: around.map(lineAnswer),
  };
}

const DAY = 86_400_000;
/** Lines read per window at most: what bounds a request's memory and time. */
const MINED_PER_WINDOW = 10_000;

const PatternParams = {
  site: z.string().max(64).optional(),
  to: TimeSchema.optional(),
  /** The window, minutes (default 60). */
  window: z.coerce.number().int().min(1).max(1440).default(60),
  /** Previous days for the baseline (default 7). */
  days: z.coerce.number().int().min(1).max(14).default(7),
  minCount: z.coerce.number().int().min(1).max(1_000_000).default(10),
  factor: z.coerce.number().min(1).max(1_000).default(3),
};

/** Error and warning lines of [to − window, to] and of the same window on each of `days` previous days, mined together. */
export async function logPatterns(
  store: Store,
  siteId: string,
  to: number,
  p: { window: number; days: number; minCount?: number; factor?: number },
): Promise<Omit<LogPatternsResponse, 'site'>> {
  const from = to - p.window * MINUTE;
  const windows = await Promise.all(
    Array.from({ length: p.days + 1 }, (_, d) =>
      store.logMessages(siteId, from - d * DAY, to - d * DAY, MINED_PER_WINDOW),
    ),
  );
  const { patterns, overflow } = analysePatterns(windows, { minCount: p.minCount, factor: p.factor });
  return {
    from,
    to,
    days: p.days,
    patterns: patterns.map(({ id: _, ...pattern }) => pattern),
    overflow,
  };
}

export async function queryLogPatterns(
  store: Store,
  now: number,
  params: Record<string, string>,
): Promise<LogPatternsResponse> {
  const p = parseParams(PatternParams, params);
  const site = await resolveSite(store, p.site);
  return { site: site.id, ...(await logPatterns(store, site.id, p.to ?? now, p)) };
}
