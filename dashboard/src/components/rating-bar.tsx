// Good / needs improvement / poor shares as one stacked bar, with the numbers in words.
import { fmtPct } from '../models/format';

export function RatingBar({ good, ni, poor }: { good: number; ni: number; poor: number }) {
  const label = `good ${fmtPct(good, 0)}, needs improvement ${fmtPct(ni, 0)}, poor ${fmtPct(poor, 0)}`;
  return (
    <div class="rating" title={label}>
      <div class="rating-bar" aria-hidden="true">
        <span class="r-good" style={{ width: `${good * 100}%` }} />
        <span class="r-ni" style={{ width: `${ni * 100}%` }} />
        <span class="r-poor" style={{ width: `${poor * 100}%` }} />
      </div>
      <span class="rating-text">{label}</span>
    </div>
  );
}
