// Insights from the server SDK's rollups: slow query templates (with an index to add
// when the template's plan scans a table it filters, core/insights/query-plan.ts),
// endpoints failing often, and endpoints slower than in the previous period. Pure.
import type { Insight } from '../../../../shared/insights';
import { SLOW_QUERY_MS } from '../../../../shared/server-limits';
import { suggestIndexes, type IndexSuggestion } from './query-plan';
import { formatCount, formatMs, formatPercent, MIN_SAMPLES } from './rank';

export interface TemplateFigures {
  template: string;
  count: number;
  /** Time spent in it over the range (ms). */
  totalTime: number;
  p95: number | null;
  /** Queries over SLOW_QUERY_MS. */
  slow: number;
}

export interface EndpointFigures {
  route: string;
  count: number;
  avg: number | null;
  p95: number | null;
  /** 5xx answers. */
  errors: number;
}

/** Above this 5xx share an endpoint is flagged (the guide's PerformanceOptimizer: 5 %). */
export const ERROR_RATE = 0.05;
/** What a failed request costs its user: at least a retry, counted as 5 s. */
export const ERROR_COST_MS = 5_000;
/** A p95 this much above the previous period's (and at least REGRESSION_MIN_MS more) is a regression. */
export const REGRESSION_RATIO = 1.25;
export const REGRESSION_MIN_MS = 100;

const EXPLAIN_HINT =
  "Its plan is unknown: wrap the database with monitorD1, or monitorQuery(…, { explain: 'sqlite' }), and the SDK sends it the next time it is slow.";

/** `Reads every row of submissions`, `Sorts submissions without an index`. */
function problemOf(indexes: IndexSuggestion[], capital = true): string {
  const scanned = [...new Set(indexes.filter((i) => i.because.startsWith('SCAN')).map((i) => i.table))];
  const sorted = [...new Set(indexes.filter((i) => !i.because.startsWith('SCAN')).map((i) => i.table))];
  const parts = [
    ...(scanned.length ? [`reads every row of ${scanned.join(' and ')}`] : []),
    ...(sorted.length ? [`sorts ${sorted.join(' and ')} without an index`] : []),
  ].join(', ');
  return capital ? parts.charAt(0).toUpperCase() + parts.slice(1) : parts;
}

/** A slow template: its time over the range is the impact; with a plan that scans, the index to add. */
export function slowQueryInsights(templates: TemplateFigures[], plans: Map<string, string[]>): Insight[] {
  return templates
    .filter((t) => t.slow > 0 || (t.p95 ?? 0) > SLOW_QUERY_MS)
    .map((t) => {
      const plan = plans.get(t.template);
      const indexes = plan ? suggestIndexes(t.template, plan) : [];
      const evidence = [
        { label: 'Queries', value: formatCount(t.count) },
        { label: 'Time spent', value: formatMs(t.totalTime) },
        { label: 'p95', value: t.p95 === null ? '—' : formatMs(t.p95) },
        { label: `Over ${formatMs(SLOW_QUERY_MS)}`, value: formatCount(t.slow) },
        ...(plan ? [{ label: 'Query plan', value: plan.join('\n') }] : []),
      ];
      const base = { subject: t.template, impact: Math.round(t.totalTime), count: t.count, evidence };
      if (indexes.length)
        return {
          ...base,
          kind: 'db.index' as const,
          title: `${problemOf(indexes)}: add ${indexes.length === 1 ? 'an index' : `${indexes.length} indexes`}`,
          fix: `SQLite ${problemOf(indexes, false)} for this query (${indexes.map((i) => i.because).join(', ')}). Create the index, then check that its plan says SEARCH … USING INDEX.`,
          code: indexes.map((i) => `${i.statement};`).join('\n'),
        };
      return {
        ...base,
        kind: 'db.slow' as const,
        title: `Slow query: p95 ${t.p95 === null ? '—' : formatMs(t.p95)}`,
        fix: plan
          ? 'Its plan already uses indexes: read fewer rows (a LIMIT, narrower columns), cache the answer, or run it off the request path.'
          : EXPLAIN_HINT,
      };
    });
}

/** Endpoints whose 5xx share is above ERROR_RATE: each failure costs ERROR_COST_MS. */
export function errorInsights(endpoints: EndpointFigures[]): Insight[] {
  return endpoints
    .filter((e) => e.count >= MIN_SAMPLES && e.errors / e.count > ERROR_RATE)
    .map((e) => ({
      kind: 'endpoint.errors' as const,
      title: `${formatPercent(e.errors / e.count)} of requests fail with 5xx`,
      subject: e.route,
      impact: e.errors * ERROR_COST_MS,
      count: e.count,
      evidence: [
        { label: 'Requests', value: formatCount(e.count) },
        { label: '5xx', value: formatCount(e.errors) },
        { label: '5xx share', value: formatPercent(e.errors / e.count) },
      ],
      fix: "Open the endpoint's errors and logs for the failing requests; handle the failure (validate input, retry the upstream, time out early) and answer 4xx for the caller's mistakes.",
    }));
}

/** Endpoints slower than in the previous period of the same length: the extra time × this period's requests. */
export function regressionInsights(
  endpoints: EndpointFigures[],
  previous: Map<string, EndpointFigures>,
): Insight[] {
  const out: Insight[] = [];
  for (const e of endpoints) {
    const p = previous.get(e.route);
    if (!p || e.count < MIN_SAMPLES || p.count < MIN_SAMPLES || e.p95 === null || p.p95 === null) continue;
    if (e.p95 < p.p95 * REGRESSION_RATIO || e.p95 - p.p95 < REGRESSION_MIN_MS) continue;
    // The mean's rise over every request, or at least the p95's rise over the slowest 5 %.
    const impact = Math.max(((e.avg ?? 0) - (p.avg ?? 0)) * e.count, (e.p95 - p.p95) * e.count * 0.05);
    out.push({
      kind: 'endpoint.regression',
      title: `p95 ${formatMs(p.p95)} → ${formatMs(e.p95)} since the previous period`,
      subject: e.route,
      impact: Math.round(impact),
      count: e.count,
      evidence: [
        { label: 'Requests', value: `${formatCount(e.count)} (before: ${formatCount(p.count)})` },
        { label: 'p95', value: `${formatMs(e.p95)} (before: ${formatMs(p.p95)})` },
        { label: 'Mean', value: `${formatMs(e.avg ?? 0)} (before: ${formatMs(p.avg ?? 0)})` },
      ],
      fix: 'Compare the releases deployed in between (Releases), and the database templates this route runs: a new query or a lost index shows there first.',
    });
  }
  return out;
}
