// Store on Cloudflare D1: the scale-out path. Same schema and SQL as SQLite; a
// commit is one D1 batch (one transaction) per chunk instead of a JS transaction.
import { MIGRATIONS_TABLE_SQL, pendingMigrations, splitStatements } from '../core/migrate';
import type { EventRow, RollupBin, RollupDelta, RollupTotals, Store, Token } from '../ports';
import { binsQuery, SQL, toSite, totalsQuery, type SiteRow } from './sql';

export interface D1StoreOptions {
  /**
   * Most characters of JSON in one bound parameter. D1 caps a value at 2 MB, and
   * 256 Ki characters stay under it even as 3-byte UTF-8.
   */
  maxChunkChars?: number;
}

/** One atomic D1 batch: its events and their deltas as JSON arrays of rows. */
interface Chunk {
  events: string[];
  deltas: string[];
  chars: number;
}

/**
 * Splits a commit into chunks, each event together with its deltas. A chunk is
 * atomic on its own, and retrying a half-committed call is safe: the events
 * already stored are skipped with their deltas.
 */
function chunksOf(events: EventRow[], deltas: RollupDelta[], maxChars: number): Chunk[] {
  const deltasOf = new Map<string, string[]>();
  for (const d of deltas) {
    const row = JSON.stringify([d.siteId, d.eventId, d.minute, d.metric, d.route, d.platform, d.device, d.country, d.dim, d.count, d.value, d.bin, d.rating]);
    deltasOf.get(d.eventId)?.push(row) ?? deltasOf.set(d.eventId, [row]);
  }
  const chunks: Chunk[] = [];
  let chunk: Chunk | undefined;
  for (const e of events) {
    const event = JSON.stringify([e.siteId, e.id, e.receivedAt, e.t, e.kind, e.session, e.route, e.platform, e.body]);
    // A repeated id brings no deltas of its own: they all went with its first row.
    const own = deltasOf.get(e.id) ?? [];
    deltasOf.delete(e.id);
    const chars = event.length + own.reduce((n, d) => n + d.length + 1, 1);
    if (!chunk || chunk.chars + chars > maxChars) chunks.push((chunk = { events: [], deltas: [], chars: 0 }));
    chunk.events.push(event);
    chunk.deltas.push(...own);
    chunk.chars += chars;
  }
  return chunks;
}

export function createD1Store(db: D1Database, options: D1StoreOptions = {}): Store {
  const maxChunkChars = options.maxChunkChars ?? 256 * 1024;
  const q = (sql: string, ...params: unknown[]) => db.prepare(sql).bind(...params);

  return {
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
    async commit(events, deltas, receipt) {
      let fresh = 0;
      // One chunk after another, each atomic. If one fails, the caller's retry
      // (a new receipt) skips the events earlier chunks stored, with their deltas.
      for (const chunk of chunksOf(events, deltas, maxChunkChars)) {
        const deltaRows = `[${chunk.deltas.join(',')}]`;
        const [inserted] = await db.batch([
          q(SQL.insertEventsJson, receipt, `[${chunk.events.join(',')}]`),
          q(SQL.upsertRollupsJson, receipt, deltaRows),
          q(SQL.upsertBinsJson, receipt, deltaRows),
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
  };
}
