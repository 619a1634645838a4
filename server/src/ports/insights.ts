// What Insights (GET /v1/insights, core/insights/) reads besides rollups: the slow
// templates' query plans the server SDK sent, and the browser's attribution of
// LCP, INP and CLS (and long frames' scripts) from the raw batches.

/** A slow template's EXPLAIN QUERY PLAN as the SDK sent it (shared/server-protocol.ts DbEvent `plan`). */
export interface QueryPlanRecord {
  siteId: string;
  template: string;
  /** When the event carrying it happened (epoch ms): the newest plan is kept. */
  seenAt: number;
  /** The detail lines. */
  plan: string[];
}

export interface AttributionFilter {
  siteId: string;
  /** Event times, epoch ms, inclusive. */
  from: number;
  to: number;
  /** The newest this many. */
  limit: number;
}

/** One browser event with attribution: a `vital` (LCP, INP, CLS) or a `longtasks` summary, as sent. */
export interface AttributionSample {
  route: string;
  /** The event, JSON. */
  body: string;
}

export interface InsightStore {
  /** The kept plans of these templates (all of the site's when omitted, at most 1,000). */
  queryPlans(siteId: string, templates?: string[]): Promise<QueryPlanRecord[]>;
  /** LCP, INP and CLS vitals and long-task summaries in the range, newest first. */
  attributionSamples(filter: AttributionFilter): Promise<AttributionSample[]>;
}
