// Endpoints & database: slowest endpoints with status classes and error rates; the
// database's query count, average, slow queries, errors and most expensive templates.
import type { DatabaseResponse, EndpointsResponse } from '../../../shared/query';
import { Empty, Section } from '../components/states';
import { FewSamples } from '../components/few-samples';
import { StatusPill } from '../components/status';
import { useCtx, useQuery } from '../context';
import { Link } from './link';
import {
  fmtCount,
  fmtMs,
  fmtMsIn,
  fmtPct,
  msUnit,
  OVERVIEW_THRESHOLDS as T,
  rag,
  statusText,
  worstStatus,
} from '../models/format';

const SORTS = { p95: 'p95', avg: 'average', count: 'requests', errorRate: 'error rate' } as const;

export function EndpointsView() {
  const ctx = useCtx();
  const sort = (ctx.url.value.filters.tab ?? 'p95') as keyof typeof SORTS;
  const ep = useQuery<EndpointsResponse>('/v1/endpoints', { sort: sort in SORTS ? sort : 'p95', limit: 25 });
  const db = useQuery<DatabaseResponse>('/v1/database', { limit: 10 });
  return (
    <>
      <Section
        title="Endpoints"
        res={ep}
        onRetry={ep.retry}
        actions={
          <div class="tabs" role="group" aria-label="Sort by">
            {Object.entries(SORTS).map(([k, label]) => (
              <button
                type="button"
                class="seg"
                aria-pressed={sort === k}
                onClick={() =>
                  ctx.navigate({ ...ctx.url.value, filters: { ...ctx.url.value.filters, tab: k } })
                }
              >
                {label}
              </button>
            ))}
          </div>
        }
      >
        {(d) =>
          d.endpoints.length ? (
            <div class="table-wrap">
              <table class="table" data-testid="endpoints">
                <thead>
                  <tr>
                    <th scope="col">endpoint</th>
                    <th scope="col">status</th>
                    <th scope="col" class="num">
                      requests
                    </th>
                    <th scope="col" class="num">
                      avg
                    </th>
                    <th scope="col" class="num">
                      p95
                    </th>
                    <th scope="col" class="num">
                      5xx
                    </th>
                    <th scope="col" data-priority="low">
                      status classes
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.endpoints.map((e) => {
                    // As bad as its worst figure: 9.1 % 5xx with a fast p95 is not OK.
                    const slow = rag(e.p95, T.p95ResponseTime.amber, T.p95ResponseTime.red);
                    const failing = rag(e.errorRate, T.errorRate.amber, T.errorRate.red);
                    const status = worstStatus(slow, failing);
                    const why = [
                      slow && slow !== 'green' ? `p95 ${statusText(slow)}` : '',
                      failing && failing !== 'green' ? `5xx ${statusText(failing)}` : '',
                    ].filter(Boolean);
                    return (
                      <tr data-route={e.route}>
                        <td class="mono">
                          <Link view="logs" filters={{ route: e.route }}>
                            {e.route}
                          </Link>
                        </td>
                        <td data-status={status ?? ''}>
                          <StatusPill status={status} />
                          {why.length > 0 && <div class="muted small">{why.join(', ')}</div>}
                        </td>
                        <td class="num" data-value={e.count}>
                          {fmtCount(e.count)}
                        </td>
                        <td class="num">{fmtMs(e.avg)}</td>
                        <td class="num" data-value={e.p95 ?? ''}>
                          {fmtMs(e.p95)}
                          <FewSamples count={e.count} />
                        </td>
                        <td class="num">{fmtPct(e.errorRate)}</td>
                        <td class="small">
                          {Object.entries(e.statuses)
                            .map(([k, n]) => `${k} ${fmtCount(n)}`)
                            .join(' · ')}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>
              No server requests in this range. Add the server-side SDK to your tool (README: Server-side
              SDK).
            </Empty>
          )
        }
      </Section>
      <Section title="Database" res={db} onRetry={db.retry}>
        {(d) => {
          // One unit per column: `56.9 s` above `9,181 ms` misreads at a glance.
          const unit = {
            total: msUnit(d.templates.map((t) => t.totalTime)),
            avg: msUnit(d.templates.map((t) => t.avg)),
            p95: msUnit(d.templates.map((t) => t.p95)),
          };
          return d.queries ? (
            <>
              <dl class="facts" data-testid="database-facts">
                <div>
                  <dt>Queries</dt>
                  <dd data-value={d.queries}>{fmtCount(d.queries)}</dd>
                </div>
                <div>
                  <dt>Average</dt>
                  <dd>{fmtMs(d.avgDuration)}</dd>
                </div>
                <div>
                  <dt>p95</dt>
                  <dd>{fmtMs(d.p95Duration)}</dd>
                </div>
                <div>
                  <dt>Slow (&gt; 1 s)</dt>
                  <dd>{fmtCount(d.slowQueries)}</dd>
                </div>
                <div>
                  <dt>Errors</dt>
                  <dd>
                    {Object.entries(d.errors)
                      .map(([k, n]) => `${k} ${fmtCount(n)}`)
                      .join(' · ') || 'none'}
                  </dd>
                </div>
                <div>
                  <dt>By type</dt>
                  <dd>
                    {Object.entries(d.byOp)
                      .map(([k, n]) => `${k} ${fmtCount(n)}`)
                      .join(' · ')}
                  </dd>
                </div>
              </dl>
              <h3>Most expensive templates</h3>
              <div class="table-wrap">
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">template</th>
                      <th scope="col" class="num">
                        count
                      </th>
                      <th scope="col" class="num">
                        total
                      </th>
                      <th scope="col" class="num">
                        avg
                      </th>
                      <th scope="col" class="num">
                        p95
                      </th>
                      <th scope="col" class="num">
                        slow
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.templates.map((t) => (
                      <tr>
                        <td class="mono small">{t.template}</td>
                        <td class="num">{fmtCount(t.count)}</td>
                        <td class="num">{fmtMsIn(t.totalTime, unit.total)}</td>
                        <td class="num">{fmtMsIn(t.avg, unit.avg)}</td>
                        <td class="num">{fmtMsIn(t.p95, unit.p95)}</td>
                        <td class="num">{fmtCount(t.slow)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <Empty>
              No database queries in this range. Wrap your database with the server SDK's monitorD1 or
              monitorQuery.
            </Empty>
          );
        }}
      </Section>
    </>
  );
}
