// A structured logger whose lines travel with the other events, in batches.
// `child({ courseId })` adds context to every line it writes; inside a request the
// hono middleware's logger (`c.get('logger')`) adds its request id and route. An
// Error in a line's context (or as its message) travels as the line's exception,
// which the server groups (type + top frames).
import { LOG_LEVELS, SERVER_LIMITS, type LogLevel } from '../shared/server-limits';
import { boundRecord, errorMessage, truncate, type FlatRecord } from './events';
import type { LogEvent, LogException } from '../shared/server-protocol';

/** Flat values are kept; an Error becomes its message, other objects JSON, all bounded. */
export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  /** `error('Failed to process video', { videoId, error })`, or `error(err)`: the Error is the line's exception. */
  error(message: string | Error, context?: LogContext): void;
  /** A logger whose lines all carry `context` (a line's own keys win). */
  child(context: LogContext): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are not sent. Default `info`. */
  level?: LogLevel;
  /** Also write each line as one JSON line to the console (development). */
  console?: boolean;
}

export type LogLine = Omit<LogEvent, 'id' | 't' | 'kind'>;

/** What a line says of its request: the hono middleware's logger fills them in. */
export interface LineFields {
  requestId?: string;
  route?: string;
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** The exception an Error reports: its name, message and stack, bounded. */
export function exceptionOf(error: Error): LogException {
  const stack =
    typeof error.stack === 'string' ? truncate(error.stack, SERVER_LIMITS.maxStackLength) : undefined;
  return {
    type: truncate(error.name || 'Error', 128),
    message: truncate(String(error.message), SERVER_LIMITS.maxMessageLength),
    ...(stack && { stack }),
  };
}

/** The log event for one line: message truncated, context flat and bounded, the first Error its exception. */
export function logLine(
  level: LogLevel,
  message: unknown,
  context?: LogContext,
  fields: LineFields = {},
): LogLine {
  const text = truncate(
    typeof message === 'string'
      ? message
      : message instanceof Error
        ? errorMessage(message)
        : String(message),
    SERVER_LIMITS.maxMessageLength,
  );
  const bounded: FlatRecord | undefined = boundRecord(context, SERVER_LIMITS.maxContextValueLength);
  const error =
    message instanceof Error ? message : Object.values(context ?? {}).find((v) => v instanceof Error);
  const line: LogLine = bounded ? { level, message: text, context: bounded } : { level, message: text };
  if (error instanceof Error) line.exception = exceptionOf(error);
  if (fields.requestId && REQUEST_ID.test(fields.requestId)) line.requestId = fields.requestId;
  if (fields.route) line.route = truncate(fields.route, 256);
  return line;
}

const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

function echo(line: LogLine, t: number): void {
  const write = line.level === 'error' ? console.error : line.level === 'warn' ? console.warn : console.log;
  write(
    JSON.stringify({
      time: new Date(t).toISOString(),
      level: line.level,
      message: line.message,
      ...(line.requestId && { requestId: line.requestId }),
      ...(line.route && { route: line.route }),
      ...line.context,
    }),
  );
}

/** A logger that hands each line it keeps to `emit`. Never throws. */
export function createLogger(
  emit: (line: LogLine) => void,
  options: LoggerOptions = {},
  base: LogContext = {},
  clock: () => number = Date.now,
  fields: () => LineFields = () => ({}),
): Logger {
  const min = rank(options.level ?? 'info');
  const log = (level: LogLevel) => (message: string | Error, context?: LogContext) => {
    if (rank(level) < min) return;
    try {
      const line = logLine(level, message, context ? { ...base, ...context } : base, fields());
      if (options.console) echo(line, clock());
      emit(line);
    } catch {
      // A logger must not be the thing that breaks the request.
    }
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (context) => createLogger(emit, options, { ...base, ...context }, clock, fields),
  };
}

/** The console's methods, for code that logs with `console.*`: arguments joined as the console prints them. */
export interface ConsoleLike {
  log(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

function formatArg(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return errorMessage(arg);
  try {
    return typeof arg === 'object' && arg !== null ? (JSON.stringify(arg) ?? String(arg)) : String(arg);
  } catch {
    return String(arg);
  }
}

/**
 * `console`-style helpers over a logger: `log` and `info` write info lines; the arguments are
 * joined with spaces (objects as JSON) into the message, and the first Error among them is the
 * line's exception. `console.error('Failed to process video', err)` then reads as it would locally.
 */
export function consoleOf(logger: Logger): ConsoleLike {
  const write =
    (level: LogLevel) =>
    (...args: unknown[]) => {
      const error = args.find((a) => a instanceof Error);
      logger[level](args.map(formatArg).join(' '), error ? { error } : undefined);
    };
  return {
    log: write('info'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
