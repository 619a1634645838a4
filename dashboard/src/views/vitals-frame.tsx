// "Is it the LMS page or our tool frame?" (issue 20): the LMS and frame filters of the
// web vitals view, kept in the URL, and p75 of LCP, INP and CLS per platform × frame.
import type { VitalsResponse } from '../../../shared/query';
import type { VitalName } from '../../../shared/limits';
import { Empty, Section } from '../components/states';
import { useCtx, useQuery } from '../context';
import { fmtCount, fmtMetric } from '../models/format';

const PLATFORMS = [
  ['', 'any LMS'],
  ['canvas', 'Canvas'],
  ['moodle', 'Moodle'],
  ['other', 'other'],
] as const;
const FRAMES = [
  ['', 'anywhere'],
  ['framed', 'tool frame'],
  ['top', 'LMS page'],
] as const;
/** How a frame reads in a table: `top` is an LMS page carrying the widget, or the tool in its own window. */
export const FRAME_LABEL: Record<string, string> = {
  framed: 'tool frame',
  top: 'LMS page / own window',
  '': '(not recorded)',
};
const SPLIT: VitalName[] = ['LCP', 'INP', 'CLS'];

/** The view's `platform` and `frame` filters, as the query API takes them. */
export function useLmsFilter(): { platform?: string; frame?: string } {
  const f = useCtx().url.value.filters;
  return { platform: f.platform, frame: f.frame };
}

/** Two button groups beside the metric tabs: which LMS, and the tool frame or the LMS page. */
export function LmsFilter() {
  const ctx = useCtx();
  const f = ctx.url.value.filters;
  const group = (
    label: string,
    key: 'platform' | 'frame',
    options: readonly (readonly [string, string])[],
  ) => (
    <div class="tabs" role="group" aria-label={label}>
      {options.map(([value, text]) => (
        <button
          type="button"
          class="seg"
          aria-pressed={(f[key] ?? '') === value}
          onClick={() => ctx.navigate({ ...ctx.url.value, filters: { ...f, [key]: value || undefined } })}
        >
          {text}
        </button>
      ))}
    </div>
  );
  return (
    <div class="tabs" data-testid="lms-filter">
      {group('LMS platform', 'platform', PLATFORMS)}
      {group('Frame', 'frame', FRAMES)}
    </div>
  );
}

/** p75 of LCP, INP and CLS per LMS platform × frame: the tool frame against the LMS page at a glance. */
export function FrameSplit({ route }: { route?: string }) {
  const lms = useLmsFilter();
  const res = useQuery<VitalsResponse>('/v1/vitals', { route, ...lms, groupBy: 'platform,frame' });
  return (
    <Section title="Tool frame vs LMS page" res={res} onRetry={res.retry}>
      {(d) =>
        d.groups?.length ? (
          <table class="table" data-testid="frame-split">
            <thead>
              <tr>
                <th scope="col">platform</th>
                <th scope="col">where</th>
                {SPLIT.map((m) => (
                  <th scope="col" class="num">
                    {m} p75
                  </th>
                ))}
                <th scope="col" class="num">
                  LCP samples
                </th>
              </tr>
            </thead>
            <tbody>
              {d.groups.map((g) => (
                <tr data-platform={g.platform} data-frame={g.frame}>
                  <td>{g.platform || '(unknown)'}</td>
                  <td>{FRAME_LABEL[g.frame ?? ''] ?? g.frame}</td>
                  {SPLIT.map((m) => (
                    <td class="num" data-metric={m} data-value={g.metrics[m]?.p75 ?? ''}>
                      {fmtMetric(m, g.metrics[m]?.p75)}
                    </td>
                  ))}
                  <td class="num">{fmtCount(g.metrics.LCP?.count ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Empty>No web vitals in this range.</Empty>
        )
      }
    </Section>
  );
}
