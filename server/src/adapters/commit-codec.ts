// A commit's arguments (Store.commit) as one string, to hand them to the commit
// thread (sqlite-commit-thread.ts). Copying a string between threads is a memcpy;
// copying the same events and deltas as objects costs more than computing them.
// Each kind of record travels as columns, one array per field, and a column
// whose values are all equal (the site, route, session of one batch) as one value.
import type { CommitExtras, ErrorDelta, EventRow, RollupDelta, SessionDelta } from '../ports';

const EVENT_FIELDS = ['siteId', 'id', 'receivedAt', 't', 'kind', 'session', 'route', 'platform', 'body'] as const;
const DELTA_FIELDS = ['siteId', 'minute', 'metric', 'route', 'platform', 'device', 'country', 'dim', 'eventId', 'count', 'value', 'bin', 'rating'] as const;
const SESSION_FIELDS = ['siteId', 'eventId', 'session', 'user', 't', 'pageview', 'feature'] as const;
const ERROR_FIELDS = ['siteId', 'eventId', 'fingerprint', 'type', 'title', 'message', 'frame', 'stack', 'route', 't', 'count', 'reg', 'rho'] as const;

// Each list names every field of its type, or this does not compile: a field added
// to a type and not to its list would be lost on the way.
type Missing<T, F extends readonly unknown[]> = Exclude<keyof T, F[number]>;
type AllNamed = [Missing<EventRow, typeof EVENT_FIELDS>, Missing<RollupDelta, typeof DELTA_FIELDS>, Missing<SessionDelta, typeof SESSION_FIELDS>, Missing<ErrorDelta, typeof ERROR_FIELDS>];
const allNamed: AllNamed extends [never, never, never, never] ? true : never = true;
void allNamed;

/** n records; each column holds n values, or one when all n are equal. */
interface Table {
  n: number;
  columns: unknown[][];
}

function toTable<T>(items: readonly T[], fields: readonly (keyof T)[]): Table {
  const columns = fields.map((f) => {
    const first = items[0]?.[f];
    let same = true;
    const values = items.map((item) => {
      const v = item[f];
      if (v !== first) same = false;
      return v;
    });
    return same ? [first] : values;
  });
  return { n: items.length, columns };
}

/** Records back from a table. JSON turned an absent optional field into null: it is left absent again. */
function fromTable<T>(table: Table, fields: readonly (keyof T)[], optional: readonly (keyof T)[] = []): T[] {
  const { n, columns } = table;
  const constant = columns.map((c) => c.length === 1 && n > 1);
  const skipNull = fields.map((f) => optional.includes(f));
  const items = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    const item = {} as Record<keyof T, unknown>;
    for (let c = 0; c < fields.length; c++) {
      const v = constant[c] ? columns[c][0] : columns[c][i];
      if (v !== null || !skipNull[c]) item[fields[c]] = v;
    }
    items[i] = item as T;
  }
  return items;
}

interface Encoded {
  receipt: string;
  events: Table;
  deltas: Table;
  sessions?: Table;
  errors?: Table;
}

export function encodeCommit(events: EventRow[], deltas: RollupDelta[], receipt: string, extras: CommitExtras = {}): string {
  const encoded: Encoded = {
    receipt,
    events: toTable(events, EVENT_FIELDS),
    deltas: toTable(deltas, DELTA_FIELDS),
    ...(extras.sessions ? { sessions: toTable(extras.sessions, SESSION_FIELDS) } : {}),
    ...(extras.errors ? { errors: toTable(extras.errors, ERROR_FIELDS) } : {}),
  };
  return JSON.stringify(encoded);
}

/** The arguments of Store.commit, as `encodeCommit` was given them. */
export function decodeCommit(text: string): [EventRow[], RollupDelta[], string, CommitExtras] {
  const e = JSON.parse(text) as Encoded;
  const extras: CommitExtras = {};
  if (e.sessions) extras.sessions = fromTable<SessionDelta>(e.sessions, SESSION_FIELDS, ['feature']);
  if (e.errors) extras.errors = fromTable<ErrorDelta>(e.errors, ERROR_FIELDS);
  return [fromTable<EventRow>(e.events, EVENT_FIELDS), fromTable<RollupDelta>(e.deltas, DELTA_FIELDS), e.receipt, extras];
}
