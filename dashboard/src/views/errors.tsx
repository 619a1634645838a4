// Errors: groups with counts, trend against the previous period, first/last seen,
// affected sessions and routes; a group drills down to its stack, routes and occurrences over time.
// Messages and stacks come from the field: they are rendered as text, never as HTML.
import type { ErrorDetailResponse, ErrorsResponse } from '../../../shared/query';
import { Chart } from '../components/chart';
import { Empty, Section } from '../components/states';
import { useCtx, useQuery } from '../context';
import { change, changeText, fmtCount, fmtTime } from '../models/format';
import { useDeploys } from './deploys';
import { Link } from './link';

function ErrorDetail({ fingerprint }: { fingerprint: string }) {
  const res = useQuery<ErrorDetailResponse>(`/v1/errors/${encodeURIComponent(fingerprint)}`);
  const deploys = useDeploys();
  return (
    <>
      <p>
        <Link view="errors">← All errors</Link>
      </p>
      <Section title="Error" res={res} onRetry={res.retry} id="error-detail">
        {(d) => (
          <div data-testid="error-detail">
            <p class="error-title">
              {d.group.type}: {d.group.title}
            </p>
            <dl class="facts">
              <div>
                <dt>In this range</dt>
                <dd data-value={d.group.count}>{fmtCount(d.group.count)}</dd>
              </div>
              <div>
                <dt>Ever</dt>
                <dd>{fmtCount(d.group.totalCount)}</dd>
              </div>
              <div>
                <dt>Affected sessions, ever</dt>
                <dd>≈ {fmtCount(d.group.affectedSessions)}</dd>
              </div>
              <div>
                <dt>First seen</dt>
                <dd>{fmtTime(d.group.firstSeen)}</dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>{fmtTime(d.group.lastSeen)}</dd>
              </div>
              <div>
                <dt>Top frame</dt>
                <dd class="mono">{d.group.frame || '—'}</dd>
              </div>
            </dl>
            <h3>A message as sent</h3>
            <pre class="pre" data-testid="error-message">
              {d.group.message}
            </pre>
            <h3>Sample stack</h3>
            <pre class="pre">{d.group.stack || '(no stack)'}</pre>
          </div>
        )}
      </Section>
      {res.data.value && (
        <div class="grid-2">
          <section class="card">
            <h2>Occurrences</h2>
            <Chart
              id="error-series"
              title={`per ${res.data.value.series.step}`}
              x={res.data.value.series.points.map((p) => p.t)}
              series={[
                {
                  label: 'occurrences',
                  values: res.data.value.series.points.map((p) => p.count),
                  color: '#d13b3b',
                },
              ]}
              format={(v) => fmtCount(v)}
              markers={deploys}
            />
          </section>
          <section class="card">
            <h2>Routes</h2>
            {res.data.value.byRoute.length ? (
              <ul class="list">
                {res.data.value.byRoute.map((r) => (
                  <li>
                    <Link view="vitals" filters={{ route: r.route }} class="mono">
                      {r.route}
                    </Link>{' '}
                    <span class="muted">{fmtCount(r.count)} ×</span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No occurrences in this range.</Empty>
            )}
          </section>
        </div>
      )}
    </>
  );
}

export function ErrorsView() {
  const ctx = useCtx();
  const { error, route } = ctx.url.value.filters;
  const list = useQuery<ErrorsResponse>(error ? null : '/v1/errors', { limit: 50, route });
  const prev = useQuery<ErrorsResponse>(
    error ? null : '/v1/errors',
    { limit: 500, route },
    { range: 'previous' },
  );
  if (error) return <ErrorDetail fingerprint={error} />;
  const before = new Map(prev.data.value?.groups.map((g) => [g.fingerprint, g.count]) ?? []);
  return (
    <Section title={route ? `Errors on ${route}` : 'Error groups'} res={list} onRetry={list.retry}>
      {(d) =>
        d.groups.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="error-groups">
              <thead>
                <tr>
                  <th scope="col">error</th>
                  <th scope="col" class="num">
                    count
                  </th>
                  <th scope="col">trend</th>
                  {/* The HyperLogLog of affected sessions is kept per group, not per minute: it counts all time. */}
                  <th scope="col" class="num">
                    sessions (all time)
                  </th>
                  <th scope="col">first / last seen</th>
                  <th scope="col" data-priority="low">
                    routes
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.groups.map((g) => {
                  const t = changeText(
                    prev.data.value ? change(g.count, before.get(g.fingerprint) ?? 0) : null,
                    false,
                  );
                  return (
                    <tr data-fingerprint={g.fingerprint}>
                      <td>
                        <Link view="errors" filters={{ error: g.fingerprint }} class="list-title">
                          {g.title}
                        </Link>
                        <div class="muted mono small">{g.frame}</div>
                      </td>
                      <td class="num" data-value={g.count}>
                        {fmtCount(g.count)}
                      </td>
                      <td class={`tone-${t.tone}`}>
                        {before.has(g.fingerprint) || !prev.data.value ? t.text : 'new'}
                      </td>
                      <td class="num">≈ {fmtCount(g.affectedSessions)}</td>
                      <td class="small">
                        {fmtTime(g.firstSeen)}
                        <br />
                        {fmtTime(g.lastSeen)}
                      </td>
                      <td class="small mono">
                        {g.routes.slice(0, 3).join(', ')}
                        {g.routes.length > 3 ? ` +${g.routes.length - 3}` : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {d.total > d.groups.length && (
              <p class="muted">
                The {d.groups.length} most frequent of {fmtCount(d.total)} groups.
              </p>
            )}
          </div>
        ) : (
          <Empty>
            No browser errors in this range. If you expected some, check the widget is on your pages.
          </Empty>
        )
      }
    </Section>
  );
}
