// A structured logger whose lines travel with the other events, in batches.
// `child({ requestId })` adds context to every line it writes.
import { LOG_LEVELS, SERVER_LIMITS, type LogLevel } from '../shared/server-limits';
import { boundRecord, truncate, type FlatRecord } from './events';
import type { LogEvent } from '../shared/server-protocol';

/** Flat values are kept; an Error becomes its message, other objects JSON, all bounded. */
export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
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

/** The log event for one line: message truncated, context flat and bounded. */
export function logLine(level: LogLevel, message: unknown, context?: LogContext): LogLine {
  const text = truncate(
    typeof message === 'string' ? message : String(message),
    SERVER_LIMITS.maxMessageLength,
  );
  const bounded: FlatRecord | undefined = boundRecord(context, SERVER_LIMITS.maxContextValueLength);
  return bounded ? { level, message: text, context: bounded } : { level, message: text };
}

const rank = (level: LogLevel) => LOG_LEVELS.indexOf(level);

function echo(line: LogLine, t: number): void {
  const write = line.level === 'error' ? console.error : line.level === 'warn' ? console.warn : console.log;
  write(
    JSON.stringify({
      time: new Date(t).toISOString(),
      level: line.level,
      message: line.message,
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
): Logger {
  const min = rank(options.level ?? 'info');
  const log = (level: LogLevel) => (message: string, context?: LogContext) => {
    if (rank(level) < min) return;
    try {
      const line = logLine(level, message, context ? { ...base, ...context } : base);
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
    child: (context) => createLogger(emit, options, { ...base, ...context }, clock),
  };
}
