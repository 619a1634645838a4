// Small pure helpers every monitor uses to build events that pass the server's
// schemas: ids, truncation, clamped durations, flat bounded records.
import { SERVER_LIMITS } from '../shared/server-limits';
import type { ServerEvent } from '../shared/server-protocol';

/** An event as a monitor records it: the pipeline fills in `id` and `t` when absent. */
export type ServerEventInput = WithoutIdAndTime<ServerEvent>;
type WithoutIdAndTime<E> = E extends unknown ? Omit<E, 'id' | 't'> & { id?: string; t?: number } : never;

export type FlatValue = string | number | boolean | null;
export type FlatRecord = Record<string, FlatValue>;

/** A UUID (Workers and Node 20 both have crypto.randomUUID); 32 random hex digits otherwise. */
export function eventId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  let hex = '';
  for (let i = 0; i < 32; i++) hex += Math.floor(Math.random() * 16).toString(16);
  return hex;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A duration the protocol accepts: finite, 0 … 1 h, to 0.01 ms. */
export function clampMs(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) return 0;
  return Math.round(Math.min(ms, SERVER_LIMITS.maxDurationMs) * 100) / 100;
}

/** `Name: message` of a thrown value, whatever was thrown. */
export function errorMessage(error: unknown, max: number = SERVER_LIMITS.maxMessageLength): string {
  if (error instanceof Error) return truncate(`${error.name}: ${error.message}`, max);
  try {
    return truncate(typeof error === 'string' ? error : String(JSON.stringify(error) ?? error), max);
  } catch {
    return 'unknown error';
  }
}

function flatValue(value: unknown, maxLength: number, allowNull: boolean): FlatValue | undefined {
  if (value === null) return allowNull ? null : undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return truncate(value, maxLength);
  if (typeof value === 'bigint') return truncate(String(value), maxLength);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Error) return errorMessage(value, maxLength);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  try {
    return truncate(JSON.stringify(value) ?? '', maxLength);
  } catch {
    return undefined; // cycles: dropped rather than thrown into the host app
  }
}

/**
 * A flat record the protocol accepts: at most 20 keys of ≤ 64 characters,
 * strings truncated, objects as JSON, unserialisable values dropped.
 */
export function boundRecord(
  input: object | undefined,
  maxValueLength: number,
  allowNull = true,
): FlatRecord | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const out: FlatRecord = {};
  let keys = 0;
  for (const [key, raw] of Object.entries(input)) {
    if (keys >= SERVER_LIMITS.maxContextKeys) break;
    const value = flatValue(raw, maxValueLength, allowNull);
    if (value === undefined) continue;
    out[truncate(key, 64)] = value;
    keys++;
  }
  return keys ? out : undefined;
}
