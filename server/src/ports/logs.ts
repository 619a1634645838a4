// Log lines kept raw (migration 0015): what the server SDK's logger sent, searchable,
// with the exceptions they report grouped by fingerprint, under a per-site daily byte cap.
import type { ExceptionGroupAnswer } from '../../../shared/logs';
import type { LogRecord } from './ingest';

/** A search of one site's lines; every filter optional. Newest first. */
export interface LogFilter {
  siteId: string;
  /** Full-text on the message: words, each a prefix (`vid` finds `video`), all of them. */
  q?: string;
  /** These levels only. */
  levels?: string[];
  route?: string;
  requestId?: string;
  release?: string;
  fingerprint?: string;
  /** Epoch ms, inclusive. */
  from: number;
  to: number;
  /** Lines strictly older than this (t, seq) position: the cursor of the previous page. */
  before?: { t: number; seq: number };
  limit: number;
}

/** A stored line, as read. */
export interface StoredLog extends Omit<LogRecord, 'siteId' | 'bytes'> {
  seq: number;
}

/**
 * One exception group: lines that report the same type, message template and top frame,
 * as GET /v1/logs/exceptions answers it (its `message` and `stack` the latest line's,
 * its releases '' when none).
 */
export type ExceptionGroupRow = ExceptionGroupAnswer;

/** What a site's daily cap kept and dropped. */
export interface LogUsage {
  day: number;
  bytes: number;
  lines: number;
  dropped: number;
  droppedBytes: number;
}

export interface LogStore {
  logs(filter: LogFilter): Promise<StoredLog[]>;
  /** Exception groups with a line in [from, to] (only `fingerprint`'s when given), latest first. */
  exceptionGroups(
    siteId: string,
    from: number,
    to: number,
    limit: number,
    fingerprint?: string,
  ): Promise<ExceptionGroupRow[]>;
  /** Days with lines kept or dropped in [fromDay, toDay], newest first. */
  logUsage(siteId: string, fromDay: number, toDay: number): Promise<LogUsage[]>;
  /** Error and warning messages in [from, to] (at most `limit`, newest first), for pattern mining. */
  logMessages(
    siteId: string,
    from: number,
    to: number,
    limit: number,
  ): Promise<{ t: number; message: string; release: string }[]>;
}
