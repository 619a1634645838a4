// A commit's arguments (Store.commit) as one string, to hand them to the commit
// thread (sqlite-commit-thread.ts). Copying a string between threads is a memcpy;
// copying the same events and deltas as objects costs more than computing them.
// Each kind of record travels as columns, one array per field, and a column
// whose values are all equal (the site, route, minute of one batch) as one value.
//
// Each kind spells its fields out twice, as columns and back as an object literal:
// generic code reading `item[field]` cost as much as the JSON itself, and built
// objects slow to read on the commit thread. The round-trip test keeps the two in step.
//
// The batch's events (JSON text already) follow the JSON as they are: inside it,
// they would be escaped and unescaped again. So the whole is
// `<length of the JSON>:<JSON><events>`.
import type { BatchRow, CommitExtras, ErrorDelta, RollupDelta, SessionDelta } from '../ports';

/** A column: n values, or one when all n are equal. */
type Column = unknown[];

interface Kind<T> {
  columns(items: T[]): Column[];
  /** Item i from columns expanded to n values each. */
  item(c: Column[], i: number): T;
}

const DELTAS: Kind<RollupDelta> = {
  columns: (r) => [r.map((d) => d.siteId), r.map((d) => d.minute), r.map((d) => d.metric), r.map((d) => d.route), r.map((d) => d.platform),
    r.map((d) => d.device), r.map((d) => d.country), r.map((d) => d.dim), r.map((d) => d.eventId), r.map((d) => d.count),
    r.map((d) => d.value), r.map((d) => d.bin), r.map((d) => d.rating)],
  item: (c, i) => ({
    siteId: c[0][i] as string, minute: c[1][i] as number, metric: c[2][i] as string, route: c[3][i] as string, platform: c[4][i] as string,
    device: c[5][i] as string, country: c[6][i] as string, dim: c[7][i] as string, eventId: c[8][i] as string, count: c[9][i] as number,
    value: c[10][i] as number, bin: c[11][i] as number, rating: c[12][i] as RollupDelta['rating'],
  }),
};

const SESSIONS: Kind<SessionDelta> = {
  columns: (r) => [r.map((s) => s.siteId), r.map((s) => s.session), r.map((s) => s.user), r.map((s) => s.t),
    r.map((s) => s.pageview), r.map((s) => s.feature ?? null)],
  item: (c, i) => {
    const s: SessionDelta = { siteId: c[0][i] as string, session: c[1][i] as string, user: c[2][i] as string, t: c[3][i] as number, pageview: c[4][i] as boolean };
    if (c[5][i] !== null) s.feature = c[5][i] as string;
    return s;
  },
};

const ERRORS: Kind<ErrorDelta> = {
  columns: (r) => [r.map((e) => e.siteId), r.map((e) => e.fingerprint), r.map((e) => e.type), r.map((e) => e.title),
    r.map((e) => e.message), r.map((e) => e.frame), r.map((e) => e.stack), r.map((e) => e.route), r.map((e) => e.t),
    r.map((e) => e.count), r.map((e) => e.reg), r.map((e) => e.rho)],
  item: (c, i) => ({
    siteId: c[0][i] as string, fingerprint: c[1][i] as string, type: c[2][i] as string, title: c[3][i] as string,
    message: c[4][i] as string, frame: c[5][i] as string, stack: c[6][i] as string, route: c[7][i] as string, t: c[8][i] as number,
    count: c[9][i] as number, reg: c[10][i] as number, rho: c[11][i] as number,
  }),
};

interface Table {
  n: number;
  columns: Column[];
}

function toTable<T>(kind: Kind<T>, items: T[]): Table {
  const columns = kind.columns(items).map((c) => {
    for (let i = 1; i < c.length; i++) if (c[i] !== c[0]) return c;
    return c.slice(0, 1);
  });
  return { n: items.length, columns };
}

function fromTable<T>(kind: Kind<T>, { n, columns }: Table): T[] {
  const full = columns.map((c) => (c.length === n ? c : new Array(n).fill(c[0])));
  const items = new Array<T>(n);
  for (let i = 0; i < n; i++) items[i] = kind.item(full, i);
  return items;
}

interface Encoded {
  receipt: string;
  /** The batch but its events, which follow the JSON. */
  batch: Omit<BatchRow, 'events'>;
  deltas: Table;
  sessions?: Table;
  errors?: Table;
}

export function encodeCommit(batch: BatchRow, deltas: RollupDelta[], receipt: string, extras: CommitExtras = {}): string {
  const { events, ...rest } = batch;
  const encoded: Encoded = { receipt, batch: rest, deltas: toTable(DELTAS, deltas) };
  if (extras.sessions) encoded.sessions = toTable(SESSIONS, extras.sessions);
  if (extras.errors) encoded.errors = toTable(ERRORS, extras.errors);
  const json = JSON.stringify(encoded);
  return `${json.length}:${json}${events}`;
}

/** The arguments of Store.commit, as `encodeCommit` was given them. */
export function decodeCommit(text: string): [BatchRow, RollupDelta[], string, CommitExtras] {
  const colon = text.indexOf(':');
  const at = colon + 1 + Number(text.slice(0, colon));
  const e = JSON.parse(text.slice(colon + 1, at)) as Encoded;
  const extras: CommitExtras = {};
  if (e.sessions) extras.sessions = fromTable(SESSIONS, e.sessions);
  if (e.errors) extras.errors = fromTable(ERRORS, e.errors);
  return [{ ...e.batch, events: text.slice(at) }, fromTable(DELTAS, e.deltas), e.receipt, extras];
}
