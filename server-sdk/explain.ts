// A slow template's query plan: SQLite's (and D1's) EXPLAIN QUERY PLAN, run once
// per template per recorder (a process, an isolate), so a slow query costs one
// extra statement at most once. The plan's detail lines go with the slow query's
// event; the server turns a full SCAN into an index suggestion. Only the plan
// leaves the tool: it names tables, indexes and columns, never values.
// https://www.sqlite.org/eqp.html
import { PLAN_LIMITS } from '../shared/insights';
import type { DbEvent } from '../shared/server-protocol';
import { truncate, type ServerEventInput } from './events';

/** Where events go (db.ts `Recorder`, which this file may not import: db.ts imports it). */
interface Recorder {
  record(event: ServerEventInput): void;
}

/** Runs the statement's EXPLAIN QUERY PLAN: rows, `{ results }` (D1) or `{ rows }`, sync or async. */
export type Explain = () => unknown;

/** Templates explained per recorder; past this many, no more plans (memory stays bounded). */
export const MAX_EXPLAINED = 100;
const explained = new WeakMap<object, Set<string>>();

/** The `detail` column of EXPLAIN QUERY PLAN's rows, indented by depth as the sqlite3 shell does. */
export function planLines(result: unknown): string[] | undefined {
  const r = result as { results?: unknown; rows?: unknown } | null;
  const rows = Array.isArray(result) ? result : Array.isArray(r?.results) ? r.results : r?.rows;
  if (!Array.isArray(rows)) return undefined;
  const depth = new Map<unknown, number>([[0, 0]]);
  const lines: string[] = [];
  for (const row of rows as { id?: unknown; parent?: unknown; detail?: unknown }[]) {
    if (typeof row?.detail !== 'string') continue;
    const d = (depth.get(row.parent) ?? 0) + (row.parent === undefined ? 0 : 1);
    depth.set(row.id, d);
    lines.push(truncate(`${'  '.repeat(Math.max(0, d - 1))}${row.detail}`, PLAN_LIMITS.maxLineLength));
  }
  return lines.length ? lines.slice(0, PLAN_LIMITS.maxLines) : undefined;
}

type DbInput = Omit<DbEvent, 'id' | 't'>;

/** Records a slow query's event, with its plan the first time its template is slow. */
export function explainOnce(recorder: Recorder, event: DbInput, explain: Explain): void {
  let seen = explained.get(recorder);
  if (!seen) explained.set(recorder, (seen = new Set()));
  if (!event.ok || event.op === 'OTHER' || seen.has(event.template) || seen.size >= MAX_EXPLAINED)
    return recorder.record(event);
  seen.add(event.template);
  const send = (result?: unknown) => {
    try {
      const plan = result === undefined ? undefined : planLines(result);
      recorder.record(plan ? { ...event, plan } : event);
    } catch {
      // Measuring must never change what the query does, later included.
    }
  };
  let result: unknown;
  try {
    result = explain();
  } catch {
    return send(); // a driver or database without EXPLAIN: the event goes without a plan
  }
  if (typeof (result as PromiseLike<unknown>)?.then === 'function')
    (result as PromiseLike<unknown>).then(send, () => send());
  else send(result);
}
