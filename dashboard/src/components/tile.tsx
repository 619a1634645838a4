// One red/amber/green figure: value, status in words, the threshold, the change against the previous period.
import type { Status } from '../../../shared/query';
import { changeText, type Change } from '../models/format';
import { StatusPill } from './status';

export interface TileProps {
  id: string;
  label: string;
  /** The raw value (data-value, for tests and tools) and how it reads. */
  value: number | null;
  text: string;
  status: Status | null;
  /** e.g. `amber > 1 %, red > 5 %`. */
  threshold?: string;
  /** Relative change vs the previous period; `higherIsBetter` null when neither is. */
  change?: Change;
  higherIsBetter?: boolean | null;
  note?: string;
  href?: string;
}

export function Tile(p: TileProps) {
  const c = p.change === undefined ? null : changeText(p.change, p.higherIsBetter ?? null);
  const body = (
    <>
      <div class="tile-label">{p.label}</div>
      <div class="tile-value" data-value={p.value ?? ''}>
        {p.text}
      </div>
      {(p.status || p.threshold || p.value === null) && <StatusPill status={p.status} />}
      {c && (
        <div class={`tile-change tone-${c.tone}`}>
          {c.text} <span class="muted">{c.against}</span>
        </div>
      )}
      {p.threshold && <div class="tile-threshold muted">{p.threshold}</div>}
      {p.note && <div class="tile-note muted">{p.note}</div>}
    </>
  );
  return (
    <div class={`tile tile-${p.status ?? 'none'}`} data-testid={`tile-${p.id}`}>
      {p.href ? (
        <a href={p.href} class="tile-link">
          {body}
        </a>
      ) : (
        body
      )}
    </div>
  );
}
