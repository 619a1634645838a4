// Insights' reads and the query plans' write (migration 0017). A commit adds its
// plans as one JSON parameter, kept only if this receipt stored the batch (FRESH);
// Node's group commit, one upsert per plan. The newest plan of a template wins.
import { MAX_AGE, MAX_SKEW_FUTURE } from '../core/rollup';
import type { InsightStore, QueryPlanRecord, SqlExecutor } from '../ports';
import { FRESH } from './rollups';

/** Templates whose plans a site keeps; past it, plans of new templates are not kept. */
export const MAX_PLANS_PER_SITE = 1_000;

export const queryPlanParams = (p: QueryPlanRecord) => [
  p.siteId,
  p.template,
  p.seenAt,
  JSON.stringify(p.plan),
];
export const queryPlanRow = (p: QueryPlanRecord) => JSON.stringify(queryPlanParams(p));

const NEWEST = `ON CONFLICT (site_id, template) DO UPDATE SET seen_at = excluded.seen_at, plan = excluded.plan
  WHERE excluded.seen_at >= query_plans.seen_at`;
/** A template kept already, or room for one more. */
const ROOM = (site: string, template: string) =>
  `(EXISTS (SELECT 1 FROM query_plans AS q WHERE q.site_id = ${site} AND q.template = ${template})
    OR (SELECT COUNT(*) FROM query_plans AS q WHERE q.site_id = ${site}) < ${MAX_PLANS_PER_SITE})`;

export const QUERY_PLAN_SQL = {
  /** ?1 receipt, ?2 JSON rows [siteId, template, seenAt, plan], ?3 site, ?4 batch key. */
  upsertJson: `INSERT INTO query_plans (site_id, template, seen_at, plan)
    SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?2)
    WHERE ${FRESH} AND ${ROOM('?3', 'value ->> 1')} ${NEWEST}`,
  /** Node's group commit: one plan. */
  upsert: `INSERT INTO query_plans (site_id, template, seen_at, plan) SELECT ?1, ?2, ?3, ?4
    WHERE ${ROOM('?1', '?2')} ${NEWEST}`,
  plans: `SELECT site_id AS siteId, template, seen_at AS seenAt, plan FROM query_plans
    WHERE site_id = ?1 AND (?2 IS NULL OR template IN (SELECT value FROM json_each(?2)))
    ORDER BY seen_at DESC LIMIT ${MAX_PLANS_PER_SITE}`,
  /** ?1 site, ?2 from, ?3 to, ?4 limit: the browser events Insights reads attribution from. */
  attribution: `SELECT b.route AS route, e.value AS body FROM batches AS b, json_each(b.events) AS e
    WHERE b.site_id = ?1 AND b.received_at BETWEEN ?2 - ${MAX_SKEW_FUTURE} AND ?3 + ${MAX_AGE} AND b.source = 'browser'
      AND ((e.value ->> 'kind' = 'vital' AND e.value ->> 'name' IN ('LCP', 'INP', 'CLS')) OR e.value ->> 'kind' = 'longtasks')
      AND e.value ->> 't' BETWEEN ?2 AND ?3
    ORDER BY b.received_at DESC, e.key DESC LIMIT ?4`,
} as const;

export function insightStore(exec: SqlExecutor): InsightStore {
  return {
    async queryPlans(siteId, templates) {
      const rows = await exec.all<Omit<QueryPlanRecord, 'plan'> & { plan: string }>(
        QUERY_PLAN_SQL.plans,
        siteId,
        templates ? JSON.stringify(templates) : null,
      );
      return rows.map((r) => ({ ...r, plan: JSON.parse(r.plan) as string[] }));
    },
    async attributionSamples(f) {
      return exec.all(QUERY_PLAN_SQL.attribution, f.siteId, f.from, f.to, f.limit);
    },
  };
}
