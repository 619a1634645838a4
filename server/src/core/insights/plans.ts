// The query plans a server batch carries: a slow template's EXPLAIN QUERY PLAN, sent
// with that query's event once per SDK instance (server-sdk/explain.ts). Pure.
import type { ServerEvent } from '../../../../shared/server-protocol';
import type { QueryPlanRecord } from '../../ports';

/** One plan per template (the newest in the batch). */
export function queryPlansOf(siteId: string, events: ServerEvent[]): QueryPlanRecord[] {
  const out = new Map<string, QueryPlanRecord>();
  for (const e of events) {
    if (e.kind !== 'db' || !e.plan?.length) continue;
    const kept = out.get(e.template);
    if (!kept || e.t >= kept.seenAt)
      out.set(e.template, { siteId, template: e.template, seenAt: e.t, plan: e.plan });
  }
  return [...out.values()];
}
