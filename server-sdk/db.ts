// Database monitors: a D1 database (prepare/bind/first/all/run/raw, batch,
// exec, sessions) or any `query(sql, params)` function. Each query becomes a
// `db` event with its template, never its values; failures are classified and
// rethrown unchanged. A slow template's EXPLAIN QUERY PLAN goes with its event,
// once per process (SQLite and D1: explain.ts).
import { SLOW_QUERY_MS } from '../shared/server-limits';
import type { DbEvent } from '../shared/server-protocol';
import { classifyDbError } from './db-errors';
import { clampMs, type ServerEventInput } from './events';
import { explainOnce, type Explain } from './explain';
import { normaliseSql, sqlOp } from './sql';

export interface Recorder {
  record(event: ServerEventInput): void;
  /** A monotonic clock for durations (ms). */
  now(): number;
}

type DbInput = Omit<DbEvent, 'id' | 't'>;

// Apps run the same few statements over and over: scan each SQL string once.
const shapes = new Map<string, { template: string; op: DbEvent['op'] }>();
function shapeOf(sql: string) {
  let shape = shapes.get(sql);
  if (!shape) {
    if (shapes.size >= 500) shapes.clear();
    shapes.set(sql, (shape = { template: normaliseSql(sql), op: sqlOp(sql) }));
  }
  return shape;
}

/** The event for one query that took `duration` ms and threw `error` (if it failed). */
export function dbEvent(sql: string, duration: number, failed: boolean, error?: unknown): DbInput {
  const event: DbInput = {
    kind: 'db',
    ...shapeOf(sql),
    duration: clampMs(duration),
    ok: !failed,
    slow: duration > SLOW_QUERY_MS,
  };
  if (failed) event.errorKind = classifyDbError(error);
  return event;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as PromiseLike<unknown>)?.then === 'function';

/**
 * Runs `run` (sync or async), records its duration and outcome, and hands back its result or error
 * unchanged. `explain`, when given, runs the statement's EXPLAIN QUERY PLAN if it was slow.
 */
export function timed<R>(recorder: Recorder, sql: string, run: () => R, explain?: Explain): R {
  const start = recorder.now();
  const done = (failed: boolean, error?: unknown) => {
    try {
      const event = dbEvent(sql, recorder.now() - start, failed, error);
      if (event.slow && explain) explainOnce(recorder, event, explain);
      else recorder.record(event);
    } catch {
      // Measuring must never change what the query does.
    }
  };
  let result: R;
  try {
    result = run();
  } catch (error) {
    done(true, error);
    throw error;
  }
  if (!isThenable(result)) return (done(false), result);
  return result.then(
    (value) => (done(false), value),
    (error) => (done(true, error), Promise.reject(error)),
  ) as R;
}

/** The SQL of a query call's first argument: a string, or pg's `{ text }` / mysql's `{ sql }` config. */
function sqlOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const config = arg as { text?: unknown; sql?: unknown } | null;
  if (typeof config?.text === 'string') return config.text;
  return typeof config?.sql === 'string' ? config.sql : undefined;
}

export interface MonitorQueryOptions {
  /**
   * `'sqlite'`: the database is SQLite (better-sqlite3, node:sqlite, libSQL), so a slow template's
   * plan is read by calling the same function with `EXPLAIN QUERY PLAN ` before the SQL and the
   * same parameters, once per template. Default: no plans.
   */
  explain?: 'sqlite';
}

/** Wraps any `query(sql, params)`-style function (pg, mysql2, postgres.js unsafe, better-sqlite3 helpers). */
export function monitorQuery<F extends (...args: never[]) => unknown>(
  recorder: Recorder,
  query: F,
  options: MonitorQueryOptions = {},
): F {
  return function (this: unknown, ...args: Parameters<F>) {
    const sql = sqlOf(args[0]);
    const call = () => query.apply(this, args);
    if (sql === undefined) return call();
    const explain =
      options.explain === 'sqlite' && typeof args[0] === 'string'
        ? () => query.apply(this, [`EXPLAIN QUERY PLAN ${sql}`, ...args.slice(1)] as Parameters<F>)
        : undefined;
    return timed(recorder, sql, call, explain);
  } as F;
}

const RUNNERS = new Set<PropertyKey>(['first', 'all', 'run', 'raw']);
const unwrapped = new WeakMap<object, object>();
const statementSql = new WeakMap<object, string>();

/** Everything else a D1 object has (dump, getBookmark, …) passes straight through. */
function passThrough(target: object, prop: PropertyKey): unknown {
  const value = Reflect.get(target, prop, target);
  return typeof value === 'function' ? value.bind(target) : value;
}

type D1Like = { prepare(sql: string): { bind(...values: unknown[]): { all(): unknown }; all(): unknown } };

function wrapStatement<S extends object>(
  recorder: Recorder,
  statement: S,
  sql: string,
  db: D1Like,
  values: unknown[] = [],
): S {
  // The plan of the statement as bound: D1 wants every parameter bound, even for EXPLAIN.
  const explain = () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    return (values.length ? plan.bind(...values) : plan).all();
  };
  const proxy = new Proxy(statement, {
    get(target, prop) {
      const method = (target as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop];
      if (prop === 'bind')
        return (...bound: unknown[]) =>
          wrapStatement(recorder, method.apply(target, bound) as S, sql, db, bound);
      if (RUNNERS.has(prop))
        return (...args: unknown[]) => timed(recorder, sql, () => method.apply(target, args), explain);
      return passThrough(target, prop);
    },
  });
  unwrapped.set(proxy, statement);
  statementSql.set(proxy, sql);
  return proxy;
}

/** Wraps a D1Database (or a session from `withSession`) so that every statement run through it is measured. */
export function monitorD1<D extends object>(recorder: Recorder, db: D): D {
  return new Proxy(db, {
    get(target, prop) {
      const method = (target as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop];
      if (prop === 'prepare')
        return (sql: string) =>
          wrapStatement(recorder, method.call(target, sql) as object, sql, target as unknown as D1Like);
      if (prop === 'exec') return (sql: string) => timed(recorder, sql, () => method.call(target, sql));
      if (prop === 'withSession')
        return (...args: unknown[]) => monitorD1(recorder, method.apply(target, args) as object);
      if (prop === 'batch') {
        return (statements: object[]) => {
          // One event for the batch (one round trip): its distinct statements, in order.
          const sql = [...new Set(statements.map((s) => statementSql.get(s) ?? '?'))].join('; ');
          return timed(recorder, sql, () =>
            method.call(
              target,
              statements.map((s) => unwrapped.get(s) ?? s),
            ),
          );
        };
      }
      return passThrough(target, prop);
    },
  });
}
