// Store on Cloudflare D1: the scale-out path. Same schema and SQL as SQLite; a
// commit is one D1 batch (one transaction) instead of a JS transaction.
import { derivedOf } from '../core/derive';
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { Resolution, RollupBin, RollupDelta, RollupLevel, RollupTotals, Store, Token } from '../ports';
import { batchParams, binsQuery, SQL, toSite, totalsQuery, type SiteRow } from './sql';
import { errorRow, EXTRAS_SQL, sessionRow, toErrorGroup, type ErrorGroupSqlRow } from './sql-extras';
import { compactionStatements, LEVELS_SQL, pruneStatements } from './sql-levels';
import { d1HealthAndChecks } from './d1-checks';
import { d1Alerts } from './d1-alerts';
import { d1Snapshots } from './d1-snapshots';

/** A delta as a JSON row, in the order the upserts read it (sql.ts DELTAS_JSON). */
const deltaRow = (d: RollupDelta) => JSON.stringify([d.siteId, d.minute, d.metric, d.route, d.platform, d.device, d.country, d.dim, d.count, d.value, d.bin, d.rating]);

export function createD1Store(db: D1Database): Store {
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
    async commit(batch, receipt, { deltas, extras = {} } = derivedOf(batch)) {
      // The rows go as JSON parameters: a batch's (at most 500 events, 64 KiB of them)
      // stay far under D1's 2 MB per value.
      const fresh = (sql: string, rows: string[]) => q(sql, receipt, `[${rows.join(',')}]`, batch.siteId, batch.key);
      const deltaRows = deltas.map(deltaRow);
      const sessions = (extras.sessions ?? []).map(sessionRow);
      const errors = (extras.errors ?? []).map(errorRow);
      const [inserted] = await db.batch([
        q(SQL.insertBatch, ...batchParams(batch, receipt)),
        fresh(SQL.upsertRollupsJson, deltaRows),
        fresh(SQL.upsertBinsJson, deltaRows),
        ...(sessions.length ? [fresh(EXTRAS_SQL.upsertSessionsJson, sessions), fresh(EXTRAS_SQL.upsertSessionFeaturesJson, sessions)] : []),
        ...(errors.length ? [fresh(EXTRAS_SQL.upsertErrorGroupsJson, errors), fresh(EXTRAS_SQL.upsertErrorSessionsJson, errors)] : []),
      ]);
      return inserted.meta.changes > 0 ? batch.count : 0;
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
        events: sites.reduce((n, _, i) => n + (done[i * 5].results as { count: number }[]).reduce((m, r) => m + r.count, 0), 0),
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
