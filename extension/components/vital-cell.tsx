// One metric of one frame: value, rating in colour and words, field p75 and the comparison.
import type { VitalName } from '../../shared/limits';
import { compareToField, formatVital, RATING_TEXT } from '../lib/compare';
import type { VitalReading } from '../lib/types';

export interface VitalCellProps {
  name: VitalName;
  reading?: VitalReading;
  /** The field p75 for this frame's route; undefined when unknown. */
  p75?: number | null;
}

export function VitalCell({ name, reading, p75 }: VitalCellProps) {
  const comparison = reading ? compareToField(name, reading.value, p75) : null;
  return (
    <div class={`cell ${reading ? reading.rating : 'pending'}`} data-vital={name}>
      <div class="reading">
        <span class="value">{reading ? formatVital(name, reading.value) : '–'}</span>
        <span class="rating">{reading ? RATING_TEXT[reading.rating] : 'waiting'}</span>
      </div>
      {p75 !== undefined && (
        <div class="field" title="75th percentile of real users on this route (Sightline)">
          field p75 {formatVital(name, p75)}
          {comparison && <span class={`cmp cmp${comparison.direction}`}>{comparison.text}</span>}
        </div>
      )}
    </div>
  );
}
