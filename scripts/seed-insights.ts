// The demo site's slow queries for Insights (issue #16 item 5): a few templates a quiz
// tool runs, slow because their tables lack an index, and their query plans read from a
// real SQLite database with the tool's schema (EXPLAIN QUERY PLAN, as the server SDK
// does), so the index the Insights view suggests is the one SQLite would use.
import Database from 'better-sqlite3';
import type { DbEvent } from '../shared/server-protocol';
import type { QueryPlanRecord } from '../server/src/ports';

/** The demo tool's tables: an index on grades(course_id) only. */
const DEMO_SCHEMA = `
  CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
  CREATE TABLE quiz_attempts (id INTEGER PRIMARY KEY, quiz_id INTEGER, user_id INTEGER, started_at INTEGER, score REAL);
  CREATE TABLE submissions (id INTEGER PRIMARY KEY, assignment_id INTEGER, user_id INTEGER, score REAL);
  CREATE TABLE chat_messages (id INTEGER PRIMARY KEY, chat_id INTEGER, created_at INTEGER, body TEXT);
  CREATE TABLE grades (id INTEGER PRIMARY KEY, course_id INTEGER, user_id INTEGER, grade REAL);
  CREATE INDEX grades_course ON grades (course_id);
`;

/** Template, queries an hour, and their median duration (ms). */
const SLOW_TEMPLATES: [DbEvent['op'], string, number, number][] = [
  [
    'SELECT',
    'SELECT * FROM quiz_attempts WHERE quiz_id = ? AND user_id = ? ORDER BY started_at DESC LIMIT ?',
    40,
    1_400,
  ],
  [
    'SELECT',
    'SELECT s.id, s.score, u.name FROM submissions AS s JOIN users AS u ON u.id = s.user_id WHERE s.assignment_id = ?',
    20,
    1_100,
  ],
  ['SELECT', 'SELECT COUNT(*) FROM chat_messages WHERE created_at > ?', 8, 1_800],
  ['SELECT', 'SELECT * FROM grades WHERE course_id = ?', 4, 1_200],
];

/** An hour's slow queries on the demo site, up to `end`. */
export function slowQueryEvents(rand: () => number, hourStart: number, end: number): DbEvent[] {
  const out: DbEvent[] = [];
  for (const [op, template, perHour, ms] of SLOW_TEMPLATES)
    for (let i = 0; i < perHour; i++) {
      const t = hourStart + Math.floor(rand() * 3_600_000);
      if (t > end) continue;
      const duration = Math.round(ms * Math.exp(0.35 * (rand() + rand() - 1)) * 10) / 10;
      out.push({
        kind: 'db',
        id: `seed-db-${t}-${i}`,
        t,
        op,
        template,
        duration,
        ok: true,
        slow: duration > 1_000,
      });
    }
  return out;
}

/** The plans of the slow templates, from EXPLAIN QUERY PLAN on an empty database with the demo schema. */
export function demoPlans(siteId: string, seenAt: number): QueryPlanRecord[] {
  const db = new Database(':memory:');
  db.exec(DEMO_SCHEMA);
  const plans = SLOW_TEMPLATES.map(([, template]) => {
    const params = (template.match(/\?/g) ?? []).map(() => null);
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${template}`).all(...params) as { detail: string }[];
    return { siteId, template, seenAt, plan: rows.map((r) => r.detail) };
  });
  db.close();
  return plans;
}
