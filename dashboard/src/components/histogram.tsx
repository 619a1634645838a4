// The distribution of a metric from its merged sketch: bars on a log scale, coloured and labelled by rating.
import type { Bar } from '../models/histogram';
import { fmtMetric, fmtPct } from '../models/format';

const RATING_TEXT = { good: 'good', 'needs-improvement': 'needs improvement', poor: 'poor' } as const;

export function Histogram({ bars, metric }: { bars: Bar[]; metric: string }) {
  const max = Math.max(...bars.map((b) => b.share), 0.0001);
  return (
    <div class="histogram" role="list" aria-label={`${metric} distribution`}>
      {bars.map((b) => {
        const range = b.hi === 0 ? '0' : `${fmtMetric(metric, b.lo)} – ${fmtMetric(metric, b.hi)}`;
        const text = `${range}: ${fmtPct(b.share)}${b.rating ? ` (${RATING_TEXT[b.rating]})` : ''}`;
        return (
          <div class="h-bar" role="listitem" title={text} aria-label={text}>
            <span class={`h-fill h-${b.rating ?? 'none'}`} style={{ height: `${(b.share / max) * 100}%` }} />
          </div>
        );
      })}
    </div>
  );
}
