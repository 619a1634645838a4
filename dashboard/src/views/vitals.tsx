// Web vitals: per route p75 with rating bars, the distribution from the sketch, breakdowns
// by device, country and LMS platform; a route drills down to its own figures and errors.
import type { HistogramResponse, VitalSamplesResponse } from '../../../shared/dashboard';
import type { SnapshotSummary } from '../../../shared/snapshot';
import type { BreakdownResponse, ErrorsResponse, VitalsResponse } from '../../../shared/query';
import { THRESHOLDS, VITAL_NAMES, type VitalName } from '../../../shared/limits';
import { Histogram } from '../components/histogram';
import { RatingBar } from '../components/rating-bar';
import { Empty, Section } from '../components/states';
import { StatusPill } from '../components/status';
import { FewSamples } from '../components/few-samples';
import { useCtx, useQuery } from '../context';
import { fmtCount, fmtMetric, fmtTime, rag } from '../models/format';
import { histogramBars } from '../models/histogram';
import { Link } from './link';
import { FrameSplit, LmsFilter, useLmsFilter } from './vitals-frame';
import { VitalsRoutes } from './vitals-routes';

function MetricTabs({ metric }: { metric: VitalName }) {
  const ctx = useCtx();
  return (
    <div class="tabs" role="group" aria-label="Metric">
      {VITAL_NAMES.map((m) => (
        <button
          type="button"
          class="seg"
          aria-pressed={m === metric}
          onClick={() => ctx.navigate({ ...ctx.url.value, filters: { ...ctx.url.value.filters, metric: m } })}
        >
          {m}
        </button>
      ))}
    </div>
  );
}

function Distribution({ metric, route }: { metric: VitalName; route?: string }) {
  const res = useQuery<HistogramResponse>('/v1/vitals/histogram', { metric, route });
  const [good, poor] = THRESHOLDS[metric];
  return (
    <Section title={`${metric} distribution`} res={res} onRetry={res.retry}>
      {(d) =>
        d.count ? (
          <>
            <Histogram bars={histogramBars(d.bins, metric)} metric={metric} />
            <p class="axis muted">
              <span>{fmtMetric(metric, d.bins[0]?.[0])}</span>
              <span>
                {fmtCount(d.count)} samples · good ≤ {fmtMetric(metric, good)}, poor &gt;{' '}
                {fmtMetric(metric, poor)} (log scale)
              </span>
              <span>{fmtMetric(metric, d.bins[d.bins.length - 1]?.[0])}</span>
            </p>
          </>
        ) : (
          <Empty>No {metric} samples in this range.</Empty>
        )
      }
    </Section>
  );
}

function Breakdown({
  metric,
  by,
  route,
}: {
  metric: VitalName;
  by: 'device' | 'country' | 'platform';
  route?: string;
}) {
  const lms = useLmsFilter();
  const res = useQuery<BreakdownResponse>('/v1/breakdown', { metric, by, route, ...lms, limit: 10 });
  const [good, poor] = THRESHOLDS[metric];
  return (
    <Section title={`By ${by === 'platform' ? 'LMS platform' : by}`} res={res} onRetry={res.retry}>
      {(d) =>
        d.groups.length ? (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{by}</th>
                <th scope="col" class="num">
                  samples
                </th>
                <th scope="col" class="num">
                  p75
                </th>
                <th scope="col">status</th>
              </tr>
            </thead>
            <tbody>
              {d.groups.map((g) => (
                <tr>
                  <td>{g.value || '(unknown)'}</td>
                  <td class="num">{fmtCount(g.count)}</td>
                  <td class="num">
                    {fmtMetric(metric, g.p75)}
                    <FewSamples count={g.count} />
                  </td>
                  <td>
                    <StatusPill status={rag(g.p75, good, poor)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No samples with a {by} in this range.</Empty>
        )
      }
    </Section>
  );
}

/** Performance snapshots QA took with the extension, newest first: the support code is what a ticket quotes. */
function Snapshots() {
  const res = useQuery<{ snapshots: SnapshotSummary[] }>(
    '/v1/snapshots',
    { limit: 20 },
    { range: false, site: false },
  );
  return (
    <Section title="Snapshots from the extension" res={res} onRetry={res.retry}>
      {(d) =>
        d.snapshots.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="snapshots">
              <thead>
                <tr>
                  <th scope="col">code</th>
                  <th scope="col">page</th>
                  <th scope="col">platform</th>
                  <th scope="col">taken</th>
                  <th scope="col">by</th>
                </tr>
              </thead>
              <tbody>
                {d.snapshots.map((s) => (
                  <tr>
                    <td class="mono">{s.code}</td>
                    <td>
                      {s.title}
                      <div class="muted small mono">{s.url}</div>
                    </td>
                    <td>{s.platform}</td>
                    <td class="small">{fmtTime(s.capturedAt)}</td>
                    <td class="small">{s.createdBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <Empty>
            No snapshots yet. QA takes one with the browser extension's one-click snapshot; it appears here
            with its support code.
          </Empty>
        )
      }
    </Section>
  );
}

/** The latest samples of the route with their attribution: which element, which interaction. */
function Samples({ metric, route }: { metric: VitalName; route: string }) {
  const res = useQuery<VitalSamplesResponse>('/v1/vitals/samples', { metric, route, limit: 20 });
  return (
    <Section title={`Latest ${metric} samples`} res={res} onRetry={res.retry}>
      {(d) =>
        d.samples.length ? (
          <table class="table" data-testid="route-samples">
            <thead>
              <tr>
                <th scope="col">time</th>
                <th scope="col" class="num">
                  {metric}
                </th>
                <th scope="col">rating</th>
                <th scope="col" data-wide="true">
                  attribution
                </th>
              </tr>
            </thead>
            <tbody>
              {d.samples.map((s) => (
                <tr>
                  <td>{fmtTime(s.t)}</td>
                  <td class="num">{fmtMetric(metric, s.value)}</td>
                  <td>{s.rating ?? '—'}</td>
                  <td class="mono small">
                    {Object.entries(s.attribution)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(' · ') || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No {metric} samples kept for this route in this range (raw events are kept 7 days).</Empty>
        )
      }
    </Section>
  );
}

function RouteDetail({ metric, route }: { metric: VitalName; route: string }) {
  const lms = useLmsFilter();
  const summary = useQuery<VitalsResponse>('/v1/vitals', { route, ...lms });
  const errors = useQuery<ErrorsResponse>('/v1/errors', { route, ...lms, limit: 10 });
  return (
    <>
      <p>
        <Link view="vitals" filters={{ metric }}>
          ← All routes
        </Link>
      </p>
      <Section title={`Route ${route}`} res={summary} onRetry={summary.retry} id="route-detail">
        {(d) => (
          <table class="table" data-testid="route-vitals">
            <thead>
              <tr>
                <th scope="col">metric</th>
                <th scope="col" class="num">
                  samples
                </th>
                <th scope="col" class="num">
                  p75
                </th>
                <th scope="col" class="num">
                  p95
                </th>
                <th scope="col">ratings</th>
              </tr>
            </thead>
            <tbody>
              {VITAL_NAMES.map((m) => {
                const s = d.metrics[m];
                return (
                  <tr data-metric={m}>
                    <th scope="row">{m}</th>
                    <td class="num">{fmtCount(s?.count ?? 0)}</td>
                    <td class="num" data-value={s?.p75 ?? ''}>
                      {fmtMetric(m, s?.p75)}
                      <FewSamples count={s?.count} />
                    </td>
                    <td class="num">
                      {fmtMetric(m, s?.p95)}
                      <FewSamples count={s?.count} />
                    </td>
                    <td>
                      {s?.count ? <RatingBar good={s.good} ni={s.needsImprovement} poor={s.poor} /> : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      <div class="grid-2">
        <Distribution metric={metric} route={route} />
        <Section title="Errors on this route" res={errors} onRetry={errors.retry}>
          {(d) =>
            d.groups.length ? (
              <ul class="list">
                {d.groups.map((g) => (
                  <li>
                    <Link view="errors" filters={{ error: g.fingerprint }} class="list-title">
                      {g.title}
                    </Link>{' '}
                    <span class="muted">{fmtCount(g.count)} ×</span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No errors on this route in this range.</Empty>
            )
          }
        </Section>
      </div>
      <div class="grid-3">
        <Breakdown metric={metric} by="device" route={route} />
        <Breakdown metric={metric} by="country" route={route} />
        <Breakdown metric={metric} by="platform" route={route} />
      </div>
      <FrameSplit route={route} />
      <Samples metric={metric} route={route} />
    </>
  );
}

export function VitalsView() {
  const ctx = useCtx();
  const f = ctx.url.value.filters;
  const metric = (
    (VITAL_NAMES as readonly string[]).includes(f.metric ?? '') ? f.metric : 'LCP'
  ) as VitalName;
  return (
    <>
      <MetricTabs metric={metric} />
      <LmsFilter />
      {f.route ? (
        <RouteDetail metric={metric} route={f.route} />
      ) : (
        <>
          <VitalsRoutes metric={metric} />
          <div class="grid-2">
            <Distribution metric={metric} />
            <Breakdown metric={metric} by="device" />
          </div>
          <div class="grid-2">
            <Breakdown metric={metric} by="country" />
            <Breakdown metric={metric} by="platform" />
          </div>
          <FrameSplit />
          <Snapshots />
        </>
      )}
    </>
  );
}
