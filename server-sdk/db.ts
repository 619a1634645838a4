// Database monitors: a D1 database (prepare/bind/first/all/run/raw, batch,
// exec, sessions) or any `query(sql, params)` function. Each query becomes a
// `db` event with its template, never its values; failures are classified and
// rethrown unchanged.
import { SLOW_QUERY_MS } from '../shared/server-limits';
import type { DbEvent } from '../shared/server-protocol';
import { classifyDbError } from './db-errors';
import { clampMs, type ServerEventInput } from './events';
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

/** Runs `run` (sync or async), records its duration and outcome, and hands back its result or error unchanged. */
export function timed<R>(recorder: Recorder, sql: string, run: () => R): R {
  const start = recorder.now();
  const done = (failed: boolean, error?: unknown) => {
    try {
      recorder.record(dbEvent(sql, recorder.now() - start, failed, error));
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

/** Wraps any `query(sql, params)`-style function (pg, mysql2, postgres.js unsafe, better-sqlite3 helpers). */
export function monitorQuery<F extends (...args: never[]) => unknown>(recorder: Recorder, query: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    const sql = sqlOf(args[0]);
    const call = () => query.apply(this, args);
    return sql === undefined ? call() : timed(recorder, sql, call);
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

function wrapStatement<S extends object>(recorder: Recorder, statement: S, sql: string): S {
  const proxy = new Proxy(statement, {
    get(target, prop) {
      const method = (target as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop];
      if (prop === 'bind')
        return (...values: unknown[]) => wrapStatement(recorder, method.apply(target, values) as S, sql);
      if (RUNNERS.has(prop))
        return (...args: unknown[]) => timed(recorder, sql, () => method.apply(target, args));
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
        return (sql: string) => wrapStatement(recorder, method.call(target, sql) as object, sql);
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
