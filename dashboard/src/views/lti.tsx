// LTI & features: launches per hour, success rate and latency, platforms, deep links,
// NRPS and grades; feature usage (chat, video, FAQ hit rate, assessments).
import type { FeaturesResponse, LtiResponse, TimeseriesResponse } from '../../../shared/query';
import { Chart } from '../components/chart';
import { Empty, Section } from '../components/states';
import { StatusPill } from '../components/status';
import { FewSamples } from '../components/few-samples';
import { useCtx, useQuery } from '../context';
import { fmtCount, fmtMs, fmtPct, OVERVIEW_THRESHOLDS as T, rag } from '../models/format';
import { useDeploys } from './deploys';
import { LaunchTimeSection } from './lti-launch-time';

const ACTIONS: Record<string, string> = {
  launch: 'Launches',
  'deep_link.created': 'Deep links created',
  'deep_link.used': 'Deep links used',
  'deep_link.succeeded': 'Deep links succeeded',
  nrps: 'Names and roles (NRPS)',
  grade: 'Grade passback',
};

export function LtiView() {
  const ctx = useCtx();
  const span = ctx.window.value.to - ctx.window.value.from;
  const lti = useQuery<LtiResponse>('/v1/lti');
  const series = useQuery<TimeseriesResponse>('/v1/timeseries', {
    metric: 'lti_launches',
    step: span <= 86_400_000 * 60 ? '1h' : '1d',
  });
  const features = useQuery<FeaturesResponse>('/v1/features');
  const deploys = useDeploys();
  return (
    <>
      <Section title="LTI launches per hour" res={series} onRetry={series.retry}>
        {(d) => (
          <Chart
            id="lti-launches"
            title={`launches per ${d.step}`}
            x={d.points.map((p) => p.t)}
            series={[{ label: 'launches', values: d.points.map((p) => p.count), color: '#1f9d6b' }]}
            format={(v) => fmtCount(v)}
            integer
            markers={deploys}
          />
        )}
      </Section>
      <div class="grid-2">
        <Section title="LTI actions" res={lti} onRetry={lti.retry}>
          {(d) =>
            Object.keys(d.actions).length ? (
              <table class="table" data-testid="lti-actions">
                <thead>
                  <tr>
                    <th scope="col">action</th>
                    <th scope="col" class="num">
                      count
                    </th>
                    <th scope="col" class="num">
                      success
                    </th>
                    <th scope="col" class="num">
                      p50
                    </th>
                    <th scope="col" class="num">
                      p95
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(d.actions).map(([k, a]) => (
                    <tr data-action={k}>
                      <th scope="row">{ACTIONS[k] ?? k}</th>
                      <td class="num" data-value={a.count}>
                        {fmtCount(a.count)}
                      </td>
                      <td class="num">
                        {fmtPct(a.successRate)}{' '}
                        <StatusPill
                          status={
                            a.successRate === null
                              ? null
                              : rag(
                                  1 - a.successRate,
                                  T.ltiLaunchFailureRate.amber,
                                  T.ltiLaunchFailureRate.red,
                                )
                          }
                        />
                      </td>
                      <td class="num">
                        {fmtMs(a.p50)}
                        <FewSamples count={a.count} />
                      </td>
                      <td class="num">
                        {fmtMs(a.p95)}
                        <FewSamples count={a.count} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>
                No LTI events in this range. Report launches with sightline.lti.launch() (README: Server-side
                SDK).
              </Empty>
            )
          }
        </Section>
        <Section title="Platforms" res={lti} onRetry={lti.retry}>
          {(d) =>
            d.platforms.length ? (
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">platform</th>
                    <th scope="col" class="num">
                      launches
                    </th>
                    <th scope="col" class="num">
                      success
                    </th>
                    <th scope="col" class="num">
                      p95
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.platforms.map((p) => (
                    <tr>
                      <td class="mono">{p.platform}</td>
                      <td class="num">{fmtCount(p.count)}</td>
                      <td class="num">{fmtPct(p.successRate)}</td>
                      <td class="num">
                        {fmtMs(p.p95)}
                        <FewSamples count={p.count} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No launches in this range.</Empty>
            )
          }
        </Section>
      </div>
      <LaunchTimeSection />
      <Section title="Feature usage" res={features} onRetry={features.retry}>
        {(d) =>
          d.features.length ? (
            <div class="table-wrap">
              <table class="table" data-testid="features">
                <thead>
                  <tr>
                    <th scope="col">feature</th>
                    <th scope="col">source</th>
                    <th scope="col" class="num">
                      uses
                    </th>
                    <th scope="col" class="num">
                      users
                    </th>
                    <th scope="col" class="num">
                      adoption
                    </th>
                    <th scope="col" class="num">
                      p95
                    </th>
                    <th scope="col" class="num">
                      hit rate
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.features.map((f) => (
                    <tr data-feature={f.name}>
                      <td class="mono">{f.name}</td>
                      <td>{f.source}</td>
                      <td class="num" data-value={f.count}>
                        {fmtCount(f.count)}
                      </td>
                      <td class="num">{fmtCount(f.users)}</td>
                      <td class="num">{fmtPct(f.adoption)}</td>
                      <td class="num">
                        {fmtMs(f.p95)}
                        {f.p95 !== null && <FewSamples count={f.count} />}
                      </td>
                      <td class="num">
                        {f.hit !== undefined ? fmtPct(f.hit / Math.max(1, f.hit + (f.miss ?? 0))) : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>
              No feature usage in this range. Record it with track() in the page or sightline.feature() on the
              server.
            </Empty>
          )
        }
      </Section>
    </>
  );
}
