// The LTI launch timed end to end (GET /v1/lti/launches): what a student waits for, from
// the LMS starting the launch to the tool's page painted, split into stages, and the
// slowest platforms, placements and routes.
import type { LaunchTimesResponse } from '../../../shared/query';
import { Empty, Section } from '../components/states';
import { useQuery } from '../context';
import { fmtCount, fmtMs } from '../models/format';

const STAGES: Record<string, { label: string; color: string }> = {
  login: { label: 'tool: login', color: '#7c5cc4' },
  platform: { label: 'LMS: authentication', color: '#e0a800' },
  tool: { label: 'tool: launch', color: '#1f6fd1' },
  network: { label: 'network', color: '#8a96a3' },
  render: { label: 'browser: render', color: '#1f9d6b' },
};

type Row = LaunchTimesResponse['total'];

function Percentiles({ row }: { row: Row }) {
  return (
    <>
      <td class="num">{fmtCount(row.count)}</td>
      <td class="num">{fmtMs(row.p50)}</td>
      <td class="num">{fmtMs(row.p75)}</td>
      <td class="num">{fmtMs(row.p95)}</td>
    </>
  );
}

const HEAD = ['launches', 'p50', 'p75', 'p95'];

function Table({ first, rows, testid }: { first: string; rows: [string, Row][]; testid: string }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            {HEAD.map((h) => (
              <th scope="col" class="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, row]) => (
            <tr>
              <th scope="row" class="mono">
                {name || '—'}
              </th>
              <Percentiles row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The stages' medians as one stacked bar, with each stage's share in words. */
function StageBar({ stages }: { stages: LaunchTimesResponse['stages'] }) {
  const sum = stages.reduce((n, s) => n + (s.p50 ?? 0), 0) || 1;
  return (
    <div class="launch-stages">
      <div class="stage-bar" aria-hidden="true">
        {stages.map((s) => (
          <span style={{ width: `${((s.p50 ?? 0) / sum) * 100}%`, background: STAGES[s.stage]?.color }} />
        ))}
      </div>
      <ul class="stage-legend">
        {stages.map((s) => (
          <li data-stage={s.stage}>
            <i style={{ background: STAGES[s.stage]?.color }} />
            {STAGES[s.stage]?.label ?? s.stage} {fmtMs(s.p50)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LaunchTimeSection() {
  const res = useQuery<LaunchTimesResponse>('/v1/lti/launches');
  return (
    <Section title="LTI launch, end to end" res={res} onRetry={res.retry}>
      {(d) =>
        d.total.count ? (
          <div data-testid="launch-time">
            <p class="muted">
              From the LMS starting the launch (login initiation) to the tool's page painted (LCP): median per
              stage.
            </p>
            <StageBar stages={d.stages} />
            <Table
              first="stage"
              testid="launch-stages"
              rows={[
                ['total', d.total],
                ...d.stages.map((s): [string, Row] => [STAGES[s.stage]?.label ?? s.stage, s]),
                ['first paint (FCP)', d.fcp],
                ['interaction (INP)', d.inp],
              ]}
            />
            <div class="grid-2">
              <Table
                first="platform"
                testid="launch-platforms"
                rows={d.platforms.map((p) => [p.platform, p])}
              />
              <Table
                first="placement"
                testid="launch-placements"
                rows={d.placements.map((p) => [p.placement, p])}
              />
            </div>
          </div>
        ) : (
          <Empty>
            No launch timed end to end in this range. Call sightline.lti.login() and sightline.lti.launch()
            with the launch's state, and send the Server-Timing header it returns (docs/server-sdk.md).
          </Empty>
        )
      }
    </Section>
  );
}
