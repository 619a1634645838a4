// Overview: red/amber/green tiles with threshold and change, the four charts, top errors and slowest endpoints.
import type { AlertView } from '../../../shared/alerts';
import type {
  EndpointsResponse,
  ErrorsResponse,
  OverviewResponse,
  TimeseriesResponse,
  VitalsResponse,
} from '../../../shared/query';
import { THRESHOLDS } from '../../../shared/limits';
import { Chart } from '../components/chart';
import { Empty, Section } from '../components/states';
import { Tile, type TileProps } from '../components/tile';
import { useCtx, useQuery } from '../context';
import {
  change,
  fmtCount,
  fmtMetric,
  fmtMs,
  fmtPct,
  fmtAgo,
  OVERVIEW_THRESHOLDS as T,
  rag,
} from '../models/format';
import { formatUrl, goTo } from '../models/url-state';
import { useDeploys } from './deploys';
import { Link } from './link';

function useTiles(): { tiles: TileProps[] | null; error: string | null; retry: () => void } {
  const ctx = useCtx();
  const cur = useQuery<OverviewResponse>('/v1/overview');
  const prev = useQuery<OverviewResponse>('/v1/overview', {}, { range: 'previous' });
  const vit = useQuery<VitalsResponse>('/v1/vitals');
  const pvit = useQuery<VitalsResponse>('/v1/vitals', {}, { range: 'previous' });
  const alerts = useQuery<{ alerts: AlertView[] }>('/v1/alerts', {}, { range: false, live: 'alerts' });
  const retry = () => [cur, prev, vit, pvit, alerts].forEach((r) => r.retry());
  const error = cur.error.value ?? vit.error.value ?? alerts.error.value;
  const o = cur.data.value;
  const v = vit.data.value;
  const a = alerts.data.value;
  if (!o || !v || !a) return { tiles: null, error, retry };
  const p = prev.data.value?.figures;
  const pv = pvit.data.value?.metrics;
  const f = o.figures;
  const href = (view: Parameters<typeof goTo>[1], filters = {}) =>
    formatUrl(goTo(ctx.url.value, view, filters));
  const vital = (name: 'LCP' | 'INP' | 'CLS'): TileProps => {
    const m = v.metrics[name];
    const [good, poor] = THRESHOLDS[name];
    return {
      id: name.toLowerCase(),
      label: `${name} p75`,
      value: m?.p75 ?? null,
      text: fmtMetric(name, m?.p75),
      status: rag(m?.p75, good, poor),
      threshold: `good ≤ ${fmtMetric(name, good)}, poor > ${fmtMetric(name, poor)}`,
      change: change(m?.p75, pv?.[name]?.p75, { cur: m?.count ?? 0, prev: pv && (pv[name]?.count ?? 0) }),
      higherIsBetter: false,
      note: m?.count ? `${fmtCount(m.count)} samples` : 'no samples in this range',
      href: href('vitals', { metric: name }),
    };
  };
  // What the request figures stand on: a nearly empty previous period says `new`, not `▲ 117052 %`.
  const requests = { cur: f.totalRequests.value, prev: p?.totalRequests.value };
  const firing = a.alerts.filter((x) => x.state === 'firing').length;
  const pending = a.alerts.filter((x) => x.state === 'pending').length;
  const tiles: TileProps[] = [
    {
      id: 'requests',
      label: 'Requests',
      value: f.totalRequests.value,
      text: fmtCount(f.totalRequests.value),
      status: f.totalRequests.status,
      change: change(f.totalRequests.value, p?.totalRequests.value, requests),
      higherIsBetter: null,
      note: f.totalRequests.note,
      href: href('endpoints'),
    },
    {
      id: 'error-rate',
      label: 'Error rate (5xx)',
      value: f.errorRate.value,
      text: fmtPct(f.errorRate.value),
      status: f.errorRate.status,
      threshold: `amber > ${fmtPct(T.errorRate.amber, 0)}, red > ${fmtPct(T.errorRate.red, 0)}`,
      change: change(f.errorRate.value, p?.errorRate.value, requests),
      higherIsBetter: false,
      href: href('endpoints'),
    },
    {
      id: 'p95',
      label: 'Response time p95',
      value: f.p95ResponseTime.value,
      text: fmtMs(f.p95ResponseTime.value),
      status: f.p95ResponseTime.status,
      threshold: `amber > ${fmtMs(T.p95ResponseTime.amber)}, red > ${fmtMs(T.p95ResponseTime.red)}`,
      change: change(f.p95ResponseTime.value, p?.p95ResponseTime.value, requests),
      higherIsBetter: false,
      href: href('endpoints'),
    },
    vital('LCP'),
    vital('INP'),
    vital('CLS'),
    {
      id: 'alerts',
      label: 'Active alerts',
      value: firing + pending,
      text: fmtCount(firing + pending),
      status: firing ? 'red' : pending ? 'amber' : 'green',
      note: `${firing} firing, ${pending} pending`,
      threshold: 'red when any fires',
      href: href('alerts'),
    },
    {
      id: 'uptime',
      label: 'Uptime',
      value: f.uptime.value,
      text: f.uptime.value === null ? '—' : `${f.uptime.value} %`,
      status: f.uptime.status,
      threshold: `amber < ${T.uptime.amber} %, red < ${T.uptime.red} %`,
      change: change(f.uptime.value, p?.uptime.value),
      higherIsBetter: true,
      note: f.uptime.note,
      href: href('health'),
    },
    {
      id: 'lti',
      label: 'LTI launches',
      value: f.ltiLaunches.value,
      text: fmtCount(f.ltiLaunches.value),
      status: f.ltiLaunches.status,
      threshold: `failures: amber > ${fmtPct(T.ltiLaunchFailureRate.amber, 0)}, red > ${fmtPct(T.ltiLaunchFailureRate.red, 0)}`,
      change: change(f.ltiLaunches.value, p?.ltiLaunches.value, {
        cur: f.ltiLaunches.value,
        prev: p?.ltiLaunches.value,
      }),
      higherIsBetter: true,
      note: f.ltiLaunches.note,
      href: href('lti'),
    },
  ];
  return { tiles, error, retry };
}

function SeriesChart({
  metric,
  title,
  pick,
  format,
  color,
  integer,
}: {
  metric: string;
  title: string;
  pick: (pt: TimeseriesResponse['points'][number]) => number | null;
  format: (v: number | null) => string;
  color: string;
  integer?: boolean;
}) {
  const res = useQuery<TimeseriesResponse>('/v1/timeseries', { metric });
  const deploys = useDeploys();
  return (
    <Section title={title} res={res} onRetry={res.retry}>
      {(d) => (
        <Chart
          id={metric}
          title={`${title}, per ${d.step}`}
          x={d.points.map((pt) => pt.t)}
          series={[{ label: title, values: d.points.map(pick), color }]}
          format={format}
          integer={integer}
          markers={deploys}
        />
      )}
    </Section>
  );
}

export function OverviewView() {
  const { tiles, error, retry } = useTiles();
  const errors = useQuery<ErrorsResponse>('/v1/errors', { limit: 5 });
  const endpoints = useQuery<EndpointsResponse>('/v1/endpoints', { sort: 'p95', limit: 5 });
  const now = Date.now();
  return (
    <>
      <section class="tiles" aria-label="Key figures" data-testid="tiles">
        {tiles ? (
          tiles.map((t) => <Tile key={t.id} {...t} />)
        ) : error ? (
          <Section
            title="Key figures"
            res={{ data: { value: undefined }, error: { value: error }, loading: { value: false } }}
            onRetry={retry}
          >
            {() => null}
          </Section>
        ) : (
          <p class="state" role="status">
            Loading key figures…
          </p>
        )}
      </section>
      <div class="grid-2">
        <SeriesChart
          metric="requests"
          title="Requests"
          integer
          pick={(p) => p.count}
          format={(v) => fmtCount(v)}
          color="#2f6fdf"
        />
        <SeriesChart
          metric="errors"
          title="Server errors (5xx)"
          integer
          pick={(p) => p.count}
          format={(v) => fmtCount(v)}
          color="#d13b3b"
        />
        <SeriesChart
          metric="response_time"
          title="Response time p95"
          pick={(p) => p.p95 ?? null}
          format={(v) => fmtMs(v)}
          color="#8a5cd1"
        />
        <SeriesChart
          metric="lti_launches"
          title="LTI launches"
          integer
          pick={(p) => p.count}
          format={(v) => fmtCount(v)}
          color="#1f9d6b"
        />
      </div>
      <div class="grid-2">
        <Section title="Top errors" res={errors} onRetry={errors.retry}>
          {(d) =>
            d.groups.length ? (
              <ul class="list">
                {d.groups.map((g) => (
                  <li>
                    <Link view="errors" filters={{ error: g.fingerprint }} class="list-title">
                      {g.title}
                    </Link>
                    <span class="muted">
                      {' '}
                      {fmtCount(g.count)} × · last {fmtAgo(g.lastSeen, now)}
                    </span>
                    {/* Groups can share a message; the top in-app frame tells them apart. */}
                    {g.frame && <div class="muted mono small">{g.frame}</div>}
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No browser errors in this range.</Empty>
            )
          }
        </Section>
        <Section title="Slowest endpoints (p95)" res={endpoints} onRetry={endpoints.retry}>
          {(d) =>
            d.endpoints.length ? (
              <ul class="list">
                {d.endpoints.map((e) => (
                  <li>
                    <span class="mono">{e.route}</span>
                    <span class="muted">
                      {' '}
                      p95 {fmtMs(e.p95)} · {fmtCount(e.count)} requests · {fmtPct(e.errorRate)} 5xx
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>
                No server requests in this range. Add the server-side SDK to your tool (README: Server-side
                SDK).
              </Empty>
            )
          }
        </Section>
      </div>
    </>
  );
}
