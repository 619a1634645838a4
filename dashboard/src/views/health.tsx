// Health & synthetic: Sightline's own /health checks, and each synthetic check's
// state, latest latency and uptime over the range.
import type { Status } from '../../../shared/query';
import { Empty, Section } from '../components/states';
import { StatePill, StatusPill } from '../components/status';
import { useCtx, useQuery } from '../context';
import {
  fmtAgo,
  fmtCount,
  fmtMs,
  fmtObserved,
  fmtTime,
  OVERVIEW_THRESHOLDS as T,
  rag,
} from '../models/format';
import { checksRange } from '../models/url-state';

interface HealthCheck {
  componentId?: string;
  observedValue?: number;
  observedUnit?: string;
  status: string;
  output?: string;
  time?: string;
}
interface HealthBody {
  status: string;
  checks?: Record<string, HealthCheck[]>;
}
interface CheckRun {
  at: number;
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  error: string | null;
}
interface CheckView {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  enabled: boolean;
  state: {
    status: string;
    since: number | null;
    consecutiveFailures: number;
    lastRun: CheckRun | null;
  } | null;
  uptime: { range: string; total: number; successful: number; percent: number | null };
}

const HEALTH: Record<string, Status> = { pass: 'green', warn: 'amber', fail: 'red' };

export function HealthView() {
  const ctx = useCtx();
  const health = useQuery<HealthBody>('/health', {}, { range: false, site: false });
  const checks = useQuery<{ checks: CheckView[] }>(
    '/v1/checks',
    { range: checksRange(ctx.window.value) },
    { range: false },
  );
  const now = Date.now();
  return (
    <>
      <Section title="Synthetic checks" res={checks} onRetry={checks.retry}>
        {(d) =>
          d.checks.length ? (
            <div class="table-wrap">
              <table class="table" data-testid="checks">
                <thead>
                  <tr>
                    <th scope="col">check</th>
                    <th scope="col">state</th>
                    <th scope="col" class="num">
                      latency
                    </th>
                    <th scope="col" class="num">
                      uptime ({d.checks[0].uptime.range})
                    </th>
                    <th scope="col">since</th>
                  </tr>
                </thead>
                <tbody>
                  {d.checks.map((c) => {
                    const st = c.state;
                    const latency = st?.lastRun?.latencyMs ?? null;
                    return (
                      <tr data-check={c.id}>
                        <td>
                          {c.name}
                          <div class="muted small mono">{c.url}</div>
                        </td>
                        <td>
                          {/* A paused check is not run: its last state is history, not `up` now. */}
                          {c.enabled ? (
                            <StatePill state={st?.status ?? 'unknown'} />
                          ) : (
                            <>
                              <StatePill state="paused" />
                              {st && <div class="muted small">last {st.status}</div>}
                            </>
                          )}
                        </td>
                        <td class="num">{fmtMs(latency)}</td>
                        <td class="num" data-value={c.uptime.percent ?? ''}>
                          {c.uptime.percent === null ? '—' : `${c.uptime.percent} %`}{' '}
                          <StatusPill status={rag(c.uptime.percent, T.uptime.amber, T.uptime.red, true)} />
                          <div class="muted small">
                            {fmtCount(c.uptime.successful)} of {fmtCount(c.uptime.total)} runs
                          </div>
                        </td>
                        <td class="small">
                          {st?.since ? `${fmtTime(st.since)} (${fmtAgo(st.since, now)})` : '—'}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>
              No synthetic checks yet. Add one with POST /v1/checks or SIGHTLINE_CHECKS_FILE (README:
              Synthetic checks).
            </Empty>
          )
        }
      </Section>
      <Section title="Sightline's own health" res={health} onRetry={health.retry}>
        {(d) => (
          <>
            <p>
              Overall: <StatusPill status={HEALTH[d.status] ?? null} text={d.status} />
            </p>
            <table class="table" data-testid="health-checks">
              <thead>
                <tr>
                  <th scope="col">check</th>
                  <th scope="col">status</th>
                  <th scope="col" class="num">
                    observed
                  </th>
                  <th scope="col">detail</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(d.checks ?? {}).flatMap(([name, list]) =>
                  list.map((c) => (
                    <tr>
                      <td class="mono small">
                        {name}
                        {c.componentId ? ` · ${c.componentId}` : ''}
                      </td>
                      <td>
                        <StatusPill status={HEALTH[c.status] ?? null} text={c.status} />
                      </td>
                      <td class="num">{fmtObserved(c.observedValue, c.observedUnit)}</td>
                      <td class="small">{c.output ?? ''}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </>
        )}
      </Section>
    </>
  );
}
