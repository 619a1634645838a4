// Insights (issue #16 item 5): the bounds of a query plan the server SDK ships, and
// what GET /v1/insights answers. Plain constants and types, no zod, so the SDK and
// the dashboard can import them.

/** A slow template's EXPLAIN QUERY PLAN: at most this many detail lines, each this long. */
export const PLAN_LIMITS = { maxLines: 32, maxLineLength: 256 } as const;

export const INSIGHT_KINDS = [
  'db.index',
  'db.slow',
  'endpoint.errors',
  'endpoint.regression',
  'lcp.load-delay',
  'inp.handler',
  'long-frame.script',
  'cls.source',
] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** One piece of advice: what, where, how much it costs, what shows it, and what to do. */
export interface Insight {
  kind: InsightKind;
  /** One line: `SCAN submissions in a 2.4 s query`. */
  title: string;
  /** What it is about: a template, a route, a selector or script. */
  subject: string;
  /** Estimated milliseconds lost over the range (time lost per occurrence × occurrences): the ranking. */
  impact: number;
  /** How many requests, queries, page views or interactions it touched in the range. */
  count: number;
  /** The figures and lines it rests on, as label → value. */
  evidence: { label: string; value: string }[];
  /** What to do, in words; `code` is a statement to run when there is one (a CREATE INDEX). */
  fix: string;
  code?: string;
}

export interface InsightsResponse {
  site: string;
  from: number;
  to: number;
  /** Highest impact first, at most `limit`. */
  insights: Insight[];
  /** How many there were before the limit. */
  total: number;
}
