// Insights: what to fix first, ranked by the time it costs users (time lost × traffic),
// each with the figures it rests on and a concrete fix (GET /v1/insights, issue #16 item 5).
import './insights.css';
import type { Insight, InsightKind, InsightsResponse } from '../../../shared/insights';
import { Empty, Section } from '../components/states';
import { useQuery } from '../context';
import { fmtCount, fmtDuration } from '../models/format';

const KIND_LABELS: Record<InsightKind, string> = {
  'db.index': 'Missing index',
  'db.slow': 'Slow query',
  'endpoint.errors': 'Failing endpoint',
  'endpoint.regression': 'Slower than before',
  'lcp.load-delay': 'LCP image loads late',
  'inp.handler': 'Slow interaction',
  'long-frame.script': 'Long-running script',
  'cls.source': 'Layout shift',
};

/** `1 min 20 s` lost; under a second reads `< 1 s`. */
const lost = (ms: number) => (ms < 1_000 ? '< 1 s' : fmtDuration(ms));

function InsightItem({ insight, rank }: { insight: Insight; rank: number }) {
  return (
    <li class="insight" data-kind={insight.kind}>
      <div class="insight-head">
        <span class="insight-rank" aria-hidden="true">
          {rank}
        </span>
        <div>
          <span class="pill">{KIND_LABELS[insight.kind]}</span>{' '}
          <strong class="insight-title">{insight.title}</strong>
          <div class="insight-subject">
            <code>{insight.subject}</code>
          </div>
        </div>
        <div class="insight-impact" data-impact={insight.impact}>
          <strong>{lost(insight.impact)}</strong>
          <span class="muted small"> lost · {fmtCount(insight.count)} affected</span>
        </div>
      </div>
      <dl class="facts insight-evidence">
        {insight.evidence.map((e) => (
          <div>
            <dt>{e.label}</dt>
            <dd class={e.value.includes('\n') || e.label === 'Query plan' ? 'insight-plan' : undefined}>
              {e.value}
            </dd>
          </div>
        ))}
      </dl>
      <p class="insight-fix">
        <strong>Fix: </strong>
        {insight.fix}
      </p>
      {insight.code && <pre class="pre insight-code">{insight.code}</pre>}
    </li>
  );
}

export function InsightsView() {
  const res = useQuery<InsightsResponse>('/v1/insights', { limit: 30 });
  return (
    <Section title="What to fix first" res={res} onRetry={res.retry}>
      {(d) =>
        d.insights.length ? (
          <>
            <p class="muted small">
              Ranked by the time each costs users in this range (time lost per occurrence × occurrences).
              {d.total > d.insights.length && ` The first ${d.insights.length} of ${fmtCount(d.total)}.`}
            </p>
            <ol class="insights" data-testid="insights">
              {d.insights.map((insight, i) => (
                <InsightItem insight={insight} rank={i + 1} />
              ))}
            </ol>
          </>
        ) : (
          <Empty>
            Nothing to advise in this range: no slow query templates, failing or slower endpoints, late LCP
            images, slow interactions or layout shifts with enough samples. Slow queries get an index
            suggestion when the server SDK monitors the database (monitorD1, or monitorQuery with explain:
            'sqlite').
          </Empty>
        )
      }
    </Section>
  );
}
