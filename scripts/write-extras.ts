// Sessions and error groups of generated events, written straight into a migrated
// SQLite file as a commit stores them: for seed-demo and bench-query, which make
// far more events than ingest would take in the time they have.
import type Database from 'better-sqlite3';
import { SQL, withEventKey } from '../server/src/adapters/sql';
import { errorRow, EXTRAS_SQL } from '../server/src/adapters/sql-extras';
import { aggregateSessions } from '../server/src/core/extras';
import type { ErrorDelta, SessionDelta } from '../server/src/ports';

/** Writes the sessions and error groups of a set of events; call it inside a transaction. */
export function extrasWriter(db: Database.Database) {
  const insertEvent = db.prepare(SQL.insertEvent);
  const upsertSession = db.prepare(EXTRAS_SQL.upsertSession);
  const upsertFeature = db.prepare(EXTRAS_SQL.upsertSessionFeature);
  const upsertGroups = db.prepare(EXTRAS_SQL.upsertErrorGroupsJson);
  const upsertGroupSessions = db.prepare(EXTRAS_SQL.upsertErrorSessionsJson);
  return (sessions: SessionDelta[], errors: ErrorDelta[], receipt: string) => {
    for (const s of aggregateSessions(sessions)) {
      upsertSession.run(s.siteId, s.session, s.user, s.firstT, s.lastT, s.pageviews, s.events);
      for (const [name, n] of s.features) upsertFeature.run(s.siteId, s.session, name, n);
    }
    // Error events are stored raw so the error-group upsert counts each once, as a real commit does.
    for (const e of errors) insertEvent.run(e.siteId, e.eventId, receipt, e.t, e.t, 'error', '', e.route, '', '{}');
    if (errors.length) {
      const rows = `[${errors.map((e) => withEventKey(errorRow(e), '', e.t)).join(',')}]`;
      upsertGroups.run({ 1: receipt, 2: rows });
      upsertGroupSessions.run({ 1: receipt, 2: rows });
    }
  };
}
