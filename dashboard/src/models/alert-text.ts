// How an alert's value and threshold read: in the unit of what its rule measures, with
// words for the comparison (issue #19: `value 12.32 >= threshold 1` for an SLO burn rate,
// `0.124 > threshold 0.05` for a share). Pure: rules come from /v1/alerts/rules.
import type { Comparison, Condition } from '../../../shared/alerts';
import { fmtCount, fmtMetric, fmtMs, fmtPct } from './format';

type Format = (v: number) => string;

const plain: Format = (v) => String(Number(v.toPrecision(4)));
const times: Format = (v) => `${plain(v)}×`;
const HEALTH = ['pass', 'warn', 'fail'];

/** What a condition measures, and how its values read. */
export function measureOf(c: Condition | undefined): { what: string; fmt: Format; state?: true } {
  switch (c?.type) {
    case 'error_rate':
      return { what: '5xx share', fmt: (v) => fmtPct(v) };
    case 'js_error_rate':
      return { what: 'JS errors per page view', fmt: (v) => fmtPct(v) };
    case 'js_error_spike':
      return { what: 'JS error rate vs previous window', fmt: times };
    case 'log_pattern_spike':
      return { what: 'log patterns spiking', fmt: (v) => fmtCount(v) };
    case 'response_time':
      return { what: `response time p${Math.round(c.quantile * 100)}`, fmt: (v) => fmtMs(v) };
    case 'vital':
      return { what: `${c.metric} p${Math.round(c.quantile * 100)}`, fmt: (v) => fmtMetric(c.metric, v) };
    case 'db_errors':
      return { what: `database ${c.kind} errors`, fmt: (v) => fmtCount(v) };
    case 'ingest_backlog':
      return { what: 'commits waiting', fmt: (v) => fmtCount(v) };
    case 'synthetic_check':
      return { what: 'check', fmt: (v) => (v >= 1 ? 'down' : 'up'), state: true };
    case 'health_check':
      return {
        what: 'health check',
        fmt: (v) => HEALTH[Math.min(2, Math.max(0, Math.round(v)))],
        state: true,
      };
    case 'slo':
      // min(long, short burn) / the window's burn rate: 1× is the rate that pages.
      return { what: "SLO burn (1× = the rule's burn rate)", fmt: times };
    case 'metric': {
      const ms = c.aggregate !== 'count' && c.aggregate !== 'sum' && c.metric.endsWith('.duration');
      return { what: `${c.metric} ${c.aggregate}`, fmt: ms ? (v) => fmtMs(v) : plain };
    }
    default:
      return { what: 'value', fmt: plain };
  }
}

const WORDS: Record<Comparison, string> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
};

/** `above 5.0 %`; a state reads `when down`, `when warn or worse`. */
function when(m: ReturnType<typeof measureOf>, comparison: Comparison, threshold: number): string {
  if (!m.state) return `${WORDS[comparison]} ${m.fmt(threshold)}`;
  const worse = comparison === '>=' && m.fmt(threshold + 1) !== m.fmt(threshold);
  return `when ${m.fmt(threshold)}${worse ? ' or worse' : ''}`;
}

/** `5xx share 12.4 %, alerts above 5.0 %`. */
export function alertText(
  c: Condition | undefined,
  value: number | null,
  comparison: Comparison,
  threshold: number,
): string {
  const m = measureOf(c);
  return `${m.what} ${value === null ? 'no data' : m.fmt(value)}, alerts ${when(m, comparison, threshold)}`;
}

/** `5xx share above 5.0 %`: a rule's condition in words. */
export function ruleText(c: Condition | undefined, comparison: Comparison, threshold: number): string {
  const m = measureOf(c);
  return `${m.what} ${when(m, comparison, threshold)}`;
}
