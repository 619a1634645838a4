// Store on Cloudflare D1: the scale-out path. Same schema and SQL as SQLite; a
// commit is one D1 batch (one transaction) per chunk instead of a JS transaction.
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { CommitExtras, EventRow, Resolution, RollupBin, RollupDelta, RollupLevel, RollupTotals, Store, Token } from '../ports';
import { binsQuery, SQL, toSite, totalsQuery, withEventKey, type SiteRow } from './sql';
import { errorRow, EXTRAS_SQL, sessionRow, toErrorGroup, type ErrorGroupSqlRow } from './sql-extras';
import { compactionStatements, LEVELS_SQL, pruneStatements } from './sql-levels';
import { d1HealthAndChecks } from './d1-checks';
import { d1Alerts } from './d1-alerts';
import { d1Snapshots } from './d1-snapshots';

export interface D1StoreOptions {
  /**
   * Most characters of JSON in one bound parameter. D1 caps a value at 2 MB, and
   * 256 Ki characters stay under it even as 3-byte UTF-8.
   */
  maxChunkChars?: number;
}

/** One atomic D1 batch: its events and their deltas, session and error rows as JSON rows. */
interface Chunk {
  events: string[];
  deltas: string[];
  sessions: string[];
  errors: string[];
  chars: number;
}

/** JSON rows of each kind, grouped by the event they belong to. */
function rowsByEvent<T extends { eventId: string }>(items: T[] | undefined, row: (item: T) => string): Map<string, string[]> {
  const byEvent = new Map<string, string[]>();
  for (const item of items ?? []) {
    const r = row(item);
    byEvent.get(item.eventId)?.push(r) ?? byEvent.set(item.eventId, [r]);
  }
  return byEvent;
}

/**
 * Splits a commit into chunks, each event together with its deltas. A chunk is
 * atomic on its own, and retrying a half-committed call is safe: the events
 * already stored are skipped with their deltas.
 */
function chunksOf(events: EventRow[], deltas: RollupDelta[], extras: CommitExtras, maxChars: number): Chunk[] {
  const deltaRow = (d: RollupDelta) =>
    JSON.stringify([d.siteId, d.eventId, d.minute, d.metric, d.route, d.platform, d.device, d.country, d.dim, d.count, d.value, d.bin, d.rating]);
  const of = { deltas: rowsByEvent(deltas, deltaRow), sessions: rowsByEvent(extras.sessions, sessionRow), errors: rowsByEvent(extras.errors, errorRow) };
  // Each row gets its event's session and time, with which FRESH finds the event.
  const keyed = (rows: string[] | undefined, e: EventRow) => (rows ?? []).map((row) => withEventKey(row, e.session, e.t));
  const chunks: Chunk[] = [];
  let chunk: Chunk | undefined;
  for (const e of events) {
    const event = JSON.stringify([e.siteId, e.id, e.receivedAt, e.t, e.kind, e.session, e.route, e.platform, e.body]);
    // A repeated id brings no rows of its own: they all went with its first row.
    const own = { deltas: keyed(of.deltas.get(e.id), e), sessions: keyed(of.sessions.get(e.id), e), errors: keyed(of.errors.get(e.id), e) };
    for (const rows of Object.values(of)) rows.delete(e.id);
    const chars = event.length + [...own.deltas, ...own.sessions, ...own.errors].reduce((n, d) => n + d.length + 1, 1);
    if (!chunk || chunk.chars + chars > maxChars) chunks.push((chunk = { events: [], deltas: [], sessions: [], errors: [], chars: 0 }));
    chunk.events.push(event);
    chunk.deltas.push(...own.deltas);
    chunk.sessions.push(...own.sessions);
    chunk.errors.push(...own.errors);
    chunk.chars += chars;
  }
  return chunks;
}

export function createD1Store(db: D1Database, options: D1StoreOptions = {}): Store {
  const maxChunkChars = options.maxChunkChars ?? 256 * 1024;
  const q = (sql: string, ...params: unknown[]) => db.prepare(sql).bind(...params);

  return {
    ...d1HealthAndChecks(db),
    ...d1Alerts(db),
    ...d1Snapshots(db),
    async migrate(migrations) {
      await db.prepare(MIGRATIONS_TABLE_SQL).run();
      const { results } = await db.prepare(SQL.appliedMigrations).all<{ name: string }>();
      const pending = pendingMigrations(migrations, results.map((r) => r.name));
      // One batch per migration: its statements and its record commit together, as with wrangler.
      for (const m of pending) {
        await db.batch([...splitStatements(m.sql).map((s) => db.prepare(s)), q(SQL.recordMigration, m.name)]);
      }
      return pending.map((m) => m.name);
    },
    async ping() {
      await db.prepare('SELECT 1').first();
    },
    async createSite(site, createdAt) {
      await q(SQL.insertSite, site.id, site.key, site.name, JSON.stringify(site.origins), createdAt).run();
    },
    async listSites() {
      return (await db.prepare(SQL.listSites).all<SiteRow>()).results.map(toSite);
    },
    async findSiteByKey(key) {
      const row = await q(SQL.siteByKey, key).first<SiteRow>();
      return row ? toSite(row) : null;
    },
    async createToken(token, hash, createdAt) {
      await q(SQL.insertToken, token.id, hash, token.role, token.name, createdAt).run();
    },
    async findTokenByHash(hash) {
      return (await q(SQL.tokenByHash, hash).first<Token>()) ?? null;
    },
    async commit(events, deltas, receipt, extras = {}) {
      let fresh = 0;
      // One chunk after another, each atomic. If one fails, the caller's retry
      // (a new receipt) skips the events earlier chunks stored, with their deltas.
      for (const chunk of chunksOf(events, deltas, extras, maxChunkChars)) {
        const deltaRows = `[${chunk.deltas.join(',')}]`;
        const sessionRows = `[${chunk.sessions.join(',')}]`;
        const errorRows = `[${chunk.errors.join(',')}]`;
        const [inserted] = await db.batch([
          q(SQL.insertEventsJson, receipt, `[${chunk.events.join(',')}]`),
          q(SQL.upsertRollupsJson, receipt, deltaRows),
          q(SQL.upsertBinsJson, receipt, deltaRows),
          ...(chunk.sessions.length ? [q(EXTRAS_SQL.upsertSessionsJson, receipt, sessionRows), q(EXTRAS_SQL.upsertSessionFeaturesJson, receipt, sessionRows)] : []),
          ...(chunk.errors.length ? [q(EXTRAS_SQL.upsertErrorGroupsJson, receipt, errorRows), q(EXTRAS_SQL.upsertErrorSessionsJson, receipt, errorRows)] : []),
        ]);
        fresh += inserted.meta.changes;
      }
      return fresh;
    },
    async rollupTotals(filter) {
      const { sql, params } = totalsQuery(filter);
      return (await q(sql, ...params).all<RollupTotals>()).results;
    },
    async rollupBins(filter) {
      const { sql, params } = binsQuery(filter);
      return (await q(sql, ...params).all<RollupBin>()).results;
    },
    async countEvents(siteId) {
      return (await q(SQL.countEvents, siteId).first<number>('n')) ?? 0;
    },
    async vitalSamples(f) {
      return (await q(SQL.vitalSamples, f.siteId, f.from, f.to, f.route, f.metric, f.limit).all<{ t: number; body: string }>()).results;
    },
    async rollupLevels() {
      return (await db.prepare(LEVELS_SQL.levels).all<RollupLevel>()).results;
    },
    async compactRollups(from, res, fromBucket, toBucket) {
      // One batch: one transaction, like SQLite's.
      await db.batch(compactionStatements(from, res).map((sql) => q(sql, fromBucket, toBucket)));
    },
    async prune(plan) {
      const { results: sites } = await db.prepare(LEVELS_SQL.siteIds).all<{ id: string }>();
      const perSite = sites.flatMap(({ id }) => [
        q(LEVELS_SQL.pruneEvents, id, plan.eventsBefore),
        q(LEVELS_SQL.pruneSessionFeatures, id, plan.sessionsBefore),
        q(LEVELS_SQL.pruneSessions, id, plan.sessionsBefore),
        q(LEVELS_SQL.pruneErrorSessions, id, plan.sessionsBefore),
        q(LEVELS_SQL.pruneErrorGroups, id, plan.sessionsBefore),
      ]);
      const levels = Object.entries(plan.rollupsBefore).flatMap(([res, before]) => [
        q(pruneStatements(Number(res) as Resolution).rows, before),
        q(pruneStatements(Number(res) as Resolution).bins, before),
        q(LEVELS_SQL.recordPruned, Number(res), before),
      ]);
      if (!perSite.length && !levels.length) return { events: 0, rollups: 0, sessions: 0, errorGroups: 0 };
      const done = await db.batch([...perSite, ...levels]);
      const changes = (i: number) => done[i].meta.changes;
      return {
        events: sites.reduce((n, _, i) => n + changes(i * 5), 0),
        sessions: sites.reduce((n, _, i) => n + changes(i * 5 + 2), 0),
        errorGroups: sites.reduce((n, _, i) => n + changes(i * 5 + 4), 0),
        rollups: levels.reduce((n, _, i) => n + (i % 3 === 0 ? changes(perSite.length + i) : 0), 0),
      };
    },
    async dimensionValues(siteId, kind) {
      return (await q(LEVELS_SQL.dimensionValues, siteId, kind).all<{ value: string }>()).results.map((r) => r.value);
    },
    async addDimensionValues(siteId, kind, values, at) {
      await q(LEVELS_SQL.addDimensionValues, siteId, kind, at, JSON.stringify(values)).run();
    },
    async errorGroups(siteId, fingerprints) {
      const { results } = await q(EXTRAS_SQL.errorGroups, siteId, fingerprints ? JSON.stringify(fingerprints) : null).all<ErrorGroupSqlRow>();
      return results.map(toErrorGroup);
    },
    async sessionStats(siteId, from, to) {
      return (await q(EXTRAS_SQL.sessionStats, siteId, from, to).first<Awaited<ReturnType<Store['sessionStats']>>>())!;
    },
    async returningUsers(siteId, before, after) {
      const row = (await q(EXTRAS_SQL.returningUsers, siteId, ...before, ...after).first<{ earlier: number; returned: number }>())!;
      return { before: row.earlier, returned: row.returned };
    },
    async featureUsers(siteId, from, to) {
      return (await q(EXTRAS_SQL.featureUsers, siteId, from, to).all<Awaited<ReturnType<Store['featureUsers']>>[number]>()).results;
    },
  };
}
