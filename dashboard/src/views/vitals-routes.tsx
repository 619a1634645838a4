// Web vitals: one vital's p75 per route, sorted, searched by name and paged, so every one of a
// tool's hundreds of routes can be reached (issue #19 item 8).
import { useEffect, useState } from 'preact/hooks';
import type { VitalsRoutesResponse } from '../../../shared/query';
import { THRESHOLDS, type VitalName } from '../../../shared/limits';
import { FewSamples } from '../components/few-samples';
import { RatingBar } from '../components/rating-bar';
import { Empty, Section } from '../components/states';
import { StatusPill } from '../components/status';
import { useCtx, useQuery } from '../context';
import { fmtCount, fmtMetric, rag } from '../models/format';
import { Link } from './link';

/** Routes a page shows. */
export const ROUTES_PAGE = 50;
/** How long typing pauses before the search is asked, so each key is not a query. */
const SEARCH_PAUSE_MS = 250;

const SORTS = [
  ['count', 'busiest'],
  ['p75', 'slowest p75'],
  ['poor', 'most poor'],
] as const;

function Pager({
  offset,
  shown,
  total,
  onPage,
}: {
  offset: number;
  shown: number;
  total: number;
  onPage: (o: number) => void;
}) {
  if (total <= ROUTES_PAGE && offset === 0) return null;
  return (
    <nav class="pager" aria-label="Routes pages">
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - ROUTES_PAGE))}>
        ← Previous
      </button>
      <span class="muted" data-testid="routes-range">
        {shown ? `${fmtCount(offset + 1)}–${fmtCount(offset + shown)}` : 0} of {fmtCount(total)} routes
      </span>
      <button
        type="button"
        disabled={offset + ROUTES_PAGE >= total}
        onClick={() => onPage(offset + ROUTES_PAGE)}
      >
        Next →
      </button>
    </nav>
  );
}

export function VitalsRoutes({ metric }: { metric: VitalName }) {
  const ctx = useCtx();
  const f = ctx.url.value.filters;
  const sort = f.tab === 'p75' || f.tab === 'poor' ? f.tab : 'count';
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setOffset(0);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  // Another metric, sort or filter starts again from the first page.
  useEffect(() => setOffset(0), [metric, sort, f.platform, f.frame]);
  const routes = useQuery<VitalsRoutesResponse>('/v1/vitals/routes', {
    metric,
    sort,
    platform: f.platform,
    frame: f.frame,
    q: search || undefined,
    limit: ROUTES_PAGE,
    offset: offset || undefined,
  });
  const [good, poor] = THRESHOLDS[metric];
  return (
    <Section
      title={`${metric} p75 per route`}
      res={routes}
      onRetry={routes.retry}
      actions={
        <div class="routes-tools">
          <input
            type="search"
            aria-label="Find a route"
            placeholder="Find a route"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <div class="tabs" role="group" aria-label="Sort routes by">
            {SORTS.map(([k, label]) => (
              <button
                type="button"
                class="seg"
                aria-pressed={sort === k}
                onClick={() => ctx.navigate({ ...ctx.url.value, filters: { ...f, tab: k } })}
              >
                {label}
              </button>
            ))}
          </div>
        </div>
      }
    >
      {(d) =>
        d.routes.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="vitals-routes">
              <thead>
                <tr>
                  <th scope="col">route</th>
                  <th scope="col" class="num">
                    samples
                  </th>
                  <th scope="col" class="num">
                    p75
                  </th>
                  <th scope="col">status</th>
                  <th scope="col">good / NI / poor</th>
                </tr>
              </thead>
              <tbody>
                {d.routes.map((r) => (
                  <tr data-route={r.route}>
                    <td>
                      <Link view="vitals" filters={{ metric, route: r.route }} class="mono">
                        {r.route}
                      </Link>
                    </td>
                    <td class="num">{fmtCount(r.count)}</td>
                    <td class="num" data-value={r.p75 ?? ''}>
                      {fmtMetric(metric, r.p75)}
                      <FewSamples count={r.count} />
                    </td>
                    <td>
                      <StatusPill status={rag(r.p75, good, poor)} />
                    </td>
                    <td>
                      <RatingBar good={r.good} ni={r.needsImprovement} poor={r.poor} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager offset={d.offset} shown={d.routes.length} total={d.total} onPage={setOffset} />
          </div>
        ) : search ? (
          <Empty>
            No route with “{search}” in its name has {metric} samples in this range.
          </Empty>
        ) : d.total ? (
          <>
            <Empty>No routes on this page.</Empty>
            <Pager offset={d.offset} shown={0} total={d.total} onPage={setOffset} />
          </>
        ) : (
          <Empty>
            No {metric} samples in this range. Add the widget to your tool's pages (README: Add the widget).
          </Empty>
        )
      }
    </Section>
  );
}
