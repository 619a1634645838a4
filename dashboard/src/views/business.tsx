// Business: active users (day/week/month), sessions per user, session duration,
// retention, active users and sessions over the range, feature adoption and uptime.
import type { BusinessResponse, OverviewResponse } from '../../../shared/query';
import { Chart } from '../components/chart';
import { Empty, Section } from '../components/states';
import { StatusPill } from '../components/status';
import { useQuery } from '../context';
import { fmtCount, fmtDuration, fmtPct } from '../models/format';

/** Active users and sessions per hour or day over the range, as two charts (issue #19 item 11). */
function Trends({ trend }: { trend: BusinessResponse['trend'] }) {
  const per = trend.step === '1h' ? 'hour' : 'day';
  const x = trend.points.map((p) => p.t);
  const count = (v: number | null) => (v === null ? '—' : fmtCount(v));
  return (
    <div class="grid-2" data-testid="business-trends">
      <Chart
        id="active-users"
        title={`Active users per ${per}`}
        x={x}
        series={[{ label: 'Active users', values: trend.points.map((p) => p.users), color: '#2f6fdf' }]}
        format={count}
        integer
      />
      <Chart
        id="sessions"
        title={`Sessions per ${per}`}
        x={x}
        series={[{ label: 'Sessions', values: trend.points.map((p) => p.sessions), color: '#1f9d6b' }]}
        format={count}
        integer
      />
    </div>
  );
}

export function BusinessView() {
  const biz = useQuery<BusinessResponse>('/v1/business');
  const overview = useQuery<OverviewResponse>('/v1/overview');
  return (
    <>
      <Section title="Active users" res={biz} onRetry={biz.retry}>
        {(d) => (
          <dl class="facts big" data-testid="business-facts">
            <div>
              <dt>Daily (DAU)</dt>
              <dd data-key="daily" data-value={d.activeUsers.daily}>
                {fmtCount(d.activeUsers.daily)}
              </dd>
            </div>
            <div>
              <dt>Weekly (WAU)</dt>
              <dd data-key="weekly" data-value={d.activeUsers.weekly}>
                {fmtCount(d.activeUsers.weekly)}
              </dd>
            </div>
            <div>
              <dt>Monthly (MAU)</dt>
              <dd data-key="monthly" data-value={d.activeUsers.monthly}>
                {fmtCount(d.activeUsers.monthly)}
              </dd>
            </div>
            <div>
              <dt>Stickiness (DAU / MAU)</dt>
              <dd>{fmtPct(d.stickiness)}</dd>
            </div>
            <div>
              <dt>Users in range</dt>
              <dd>{fmtCount(d.users)}</dd>
            </div>
            <div>
              <dt>Sessions</dt>
              <dd data-key="sessions" data-value={d.sessions.count}>
                {fmtCount(d.sessions.count)}
              </dd>
            </div>
            <div>
              <dt>Sessions per user</dt>
              <dd>{d.sessions.perUser?.toFixed(2) ?? '—'}</dd>
            </div>
            <div>
              <dt>Avg session duration</dt>
              <dd>{fmtDuration(d.sessions.avgDuration)}</dd>
            </div>
            <div>
              <dt>Page views per session</dt>
              <dd>{d.sessions.pageviewsPerSession?.toFixed(1) ?? '—'}</dd>
            </div>
            <div>
              <dt>Week-over-week retention</dt>
              <dd>
                {fmtPct(d.retention.weekOverWeek)}{' '}
                <span class="muted small">
                  ({fmtCount(d.retention.returnedUsers)} of {fmtCount(d.retention.previousWeekUsers)})
                </span>
              </dd>
            </div>
          </dl>
        )}
      </Section>
      <Section title="Over the range" res={biz} onRetry={biz.retry}>
        {(d) => <Trends trend={d.trend} />}
      </Section>
      <div class="grid-2">
        <Section title="Feature adoption" res={biz} onRetry={biz.retry}>
          {(d) =>
            d.featureAdoption.length ? (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">feature</th>
                    <th scope="col" class="num">
                      users
                    </th>
                    <th scope="col" class="num">
                      adoption
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.featureAdoption.map((f) => (
                    <tr>
                      <td class="mono">{f.name}</td>
                      <td class="num">{fmtCount(f.users)}</td>
                      <td class="num">{fmtPct(f.adoption)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No features tracked in this range: call track('name') in the page.</Empty>
            )
          }
        </Section>
        <Section title="Uptime" res={overview} onRetry={overview.retry}>
          {(d) =>
            d.figures.uptime.value === null ? (
              <Empty>{d.figures.uptime.note ?? 'No synthetic checks.'}</Empty>
            ) : (
              <p class="big-figure">
                {d.figures.uptime.value} % <StatusPill status={d.figures.uptime.status} />{' '}
                <span class="muted small">{d.figures.uptime.note}</span>
              </p>
            )
          }
        </Section>
      </div>
    </>
  );
}
