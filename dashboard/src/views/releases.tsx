// Releases (GET /v1/releases): each release of the site, newest first, compared with
// the one before on the same routes and endpoints: p75 vitals, JS errors per page view,
// endpoint p95 and the 5xx share, with sample counts, p-values and regressions flagged.
import type { ReleaseComparison, ReleaseSummary, ReleasesResponse } from '../../../shared/releases';
import { Empty, Section } from '../components/states';
import { StatusPill } from '../components/status';
import { useQuery } from '../context';
import { fmtCount, fmtMetric, fmtMs, fmtPct, fmtTime } from '../models/format';

const LABELS: Record<string, string> = {
  LCP: 'LCP p75',
  INP: 'INP p75',
  CLS: 'CLS p75',
  'request.duration': 'response time p95',
  errors: 'JS errors per page view',
  'request.5xx': 'server errors (5xx)',
};

const value = (c: ReleaseComparison, v: number) =>
  c.stat === 'rate' ? fmtPct(v) : c.metric === 'request.duration' ? fmtMs(v) : fmtMetric(c.metric, v);

function changeOf(c: ReleaseComparison): string {
  if (c.change === null) return 'from 0';
  if (c.stat === 'rate') return `${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(2)} pp`;
  return `${c.change > 0 ? '+' : ''}${(c.change * 100).toFixed(1)} %`;
}

const pText = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

function Verdict({ c, alpha }: { c: ReleaseComparison; alpha: number }) {
  if (c.regression) return <StatusPill status="red" text="Regression" />;
  const worse = c.change === null || c.change > 0;
  if (worse && c.p < alpha) return <StatusPill status="amber" text="Worse, under threshold or few samples" />;
  return <StatusPill status="green" text="No regression" />;
}

function Comparisons({ r, alpha }: { r: ReleaseSummary; alpha: number }) {
  if (!r.comparisons.length)
    return <Empty>Nothing to compare: no route or endpoint has figures in both releases.</Empty>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid={`release-comparisons-${r.release}`}>
        <thead>
          <tr>
            <th scope="col">what</th>
            <th scope="col">route / endpoint</th>
            <th scope="col" class="num">
              {r.previous}
            </th>
            <th scope="col" class="num">
              {r.release}
            </th>
            <th scope="col" class="num">
              change
            </th>
            <th scope="col" class="num">
              p
            </th>
            <th scope="col">verdict</th>
          </tr>
        </thead>
        <tbody>
          {r.comparisons.map((c) => (
            <tr data-regression={c.regression ? 'true' : undefined}>
              <th scope="row">{LABELS[c.metric] ?? c.metric}</th>
              <td class="mono">{c.key || '—'}</td>
              <td class="num">
                {value(c, c.base.value)} <span class="muted">n={fmtCount(c.base.n)}</span>
              </td>
              <td class="num">
                {value(c, c.current.value)} <span class="muted">n={fmtCount(c.current.n)}</span>
              </td>
              <td class="num">{changeOf(c)}</td>
              <td class="num">{pText(c.p)}</td>
              <td>
                <Verdict c={c} alpha={alpha} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReleaseList({ d }: { d: ReleasesResponse }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid="releases">
        <thead>
          <tr>
            <th scope="col">release</th>
            <th scope="col">first seen</th>
            <th scope="col">last seen</th>
            <th scope="col" class="num">
              events
            </th>
            <th scope="col">compared with</th>
            <th scope="col">regressions</th>
          </tr>
        </thead>
        <tbody>
          {d.releases.map((r) => (
            <tr data-release={r.release}>
              <th scope="row" class="mono">
                {r.release}
              </th>
              <td>{fmtTime(r.firstSeen)}</td>
              <td>{fmtTime(r.lastSeen)}</td>
              <td class="num">{fmtCount(r.events)}</td>
              <td class="mono">{r.previous ?? '—'}</td>
              <td>
                {r.previous === null ? (
                  '—'
                ) : (
                  <StatusPill
                    status={r.regressions ? 'red' : 'green'}
                    text={
                      r.regressions ? `${r.regressions} regression${r.regressions > 1 ? 's' : ''}` : 'None'
                    }
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReleasesView() {
  const res = useQuery<ReleasesResponse>('/v1/releases');
  return (
    <Section title="Releases" res={res} onRetry={res.retry}>
      {(d) =>
        d.releases.length ? (
          <div data-testid="releases-view">
            <p class="muted">
              Each release against the one before, over all each has sent. A regression is worse by at least{' '}
              {fmtPct(d.thresholds.quantileChange, 0)} (p75, p95) or {d.thresholds.rateChange * 100} pp
              (rates), with p &lt; {d.thresholds.alpha} and at least {d.thresholds.minSamples} samples on each
              side.
            </p>
            <ReleaseList d={d} />
            {d.releases
              .filter((r) => r.previous !== null)
              .map((r) => (
                <section class="release-detail" data-testid={`release-${r.release}`}>
                  <h3>
                    {r.release} <span class="muted">vs {r.previous}</span>
                  </h3>
                  <Comparisons r={r} alpha={d.thresholds.alpha} />
                </section>
              ))}
          </div>
        ) : (
          <Empty>
            No release in this range. Add data-release="…" to the script tag and release: '…' to the server
            SDK's options (docs/widget.md, docs/server-sdk.md).
          </Empty>
        )
      }
    </Section>
  );
}
