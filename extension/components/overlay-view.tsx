// The overlay panel: the LMS page's and the tool frames' vitals side by side,
// each beside its field p75. Props only; the content script owns the state.
import type { AlertView } from '../../shared/alerts';
import { VITAL_NAMES, type VitalName } from '../../shared/limits';
import type { FieldVitals, FrameReport } from '../lib/types';
import type { HoverTarget } from '../models/overlay-model';
import { AlertStrip } from './alert-strip';
import { VitalCell } from './vital-cell';

export interface OverlayViewProps {
  frames: FrameReport[];
  field: Record<string, FieldVitals>;
  alerts: AlertView[];
  collapsed: boolean;
  hover: HoverTarget | null;
  /** What the hovered metric points at, in words ("element no longer in the page"). */
  hoverNote: string | null;
  onToggleCollapsed: () => void;
  onDragStart: (e: PointerEvent) => void;
  onHover: (target: HoverTarget | null) => void;
}

const PLATFORM = { canvas: 'Canvas', moodle: 'Moodle', other: 'Page' } as const;

function frameLabel(f: FrameReport, i: number): string {
  if (i === 0) return f.platform === 'other' ? 'This page' : `${PLATFORM[f.platform]} page`;
  return `Tool frame · ${new URL(f.origin).host}`;
}

function fieldP75(field: FieldVitals | undefined, name: VitalName): number | null | undefined {
  if (!field || field.state !== 'ok') return undefined;
  return field.metrics[name]?.p75 ?? null;
}

export function OverlayView(p: OverlayViewProps) {
  const top = p.frames[0];
  const hovered = p.hover && p.frames.find((f) => f.key === p.hover!.frame)?.vitals[p.hover.name];
  return (
    <section class={`panel${p.collapsed ? ' collapsed' : ''}`} aria-label="Sightline page metrics">
      <header onPointerDown={(e) => p.onDragStart(e as unknown as PointerEvent)}>
        <span class="brand">Sightline</span>
        <span class="route" title={top.url}>
          {top.route}
        </span>
        {p.collapsed && <span class="mini">{miniSummary(top)}</span>}
        <button
          type="button"
          class="fold"
          aria-expanded={!p.collapsed}
          title={p.collapsed ? 'Expand' : 'Collapse'}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={p.onToggleCollapsed}
        >
          {p.collapsed ? '▸' : '▾'}
        </button>
      </header>
      {!p.collapsed && (
        <div class="body">
          <AlertStrip alerts={p.alerts} />
          <table>
            <thead>
              <tr>
                <th />
                {p.frames.map((f, i) => (
                  <th key={f.key} data-frame={i} title={f.url}>
                    {frameLabel(f, i)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {VITAL_NAMES.map((name) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {p.frames.map((f, i) => (
                    <td
                      key={f.key}
                      data-frame={i}
                      tabIndex={0}
                      onMouseEnter={() => p.onHover({ frame: f.key, name })}
                      onMouseLeave={() => p.onHover(null)}
                      onFocus={() => p.onHover({ frame: f.key, name })}
                      onBlur={() => p.onHover(null)}
                    >
                      <VitalCell name={name} reading={f.vitals[name]} p75={fieldP75(p.field[f.key], name)} />
                    </td>
                  ))}
                </tr>
              ))}
              <tr>
                <th scope="row">Errors</th>
                {p.frames.map((f, i) => (
                  <td key={f.key} data-frame={i} data-errors={f.errors} class={f.errors ? 'has-errors' : ''}>
                    {f.errors} JS error{f.errors === 1 ? '' : 's'}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <FieldNote field={p.field[top.key]} />
          {p.hover && (
            <p class="attribution" data-testid="attribution">
              <strong>{p.hover.name}</strong>: {hovered?.detail ?? 'not measured yet'}
              {hovered?.parts && Object.keys(hovered.parts).length > 0 && (
                <span class="parts">
                  {' '}
                  (
                  {Object.entries(hovered.parts)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ')}
                  )
                </span>
              )}
              {p.hoverNote && <em> {p.hoverNote}</em>}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function miniSummary(f: FrameReport): string {
  return (['LCP', 'INP', 'CLS'] as const)
    .map((n) => f.vitals[n])
    .filter(Boolean)
    .map((r) => `${r!.name} ${r!.rating === 'good' ? '●' : r!.rating === 'poor' ? '▲' : '◆'}`)
    .join(' ');
}

function FieldNote({ field }: { field?: FieldVitals }) {
  if (!field || field.state === 'ok') return null;
  return (
    <p class="note" data-testid="field-note">
      Field data: {field.message}
    </p>
  );
}
