// The time range: presets ending now, or a custom range in the viewer's timezone (shown).
import { useState } from 'preact/hooks';
import { PRESETS, type Preset, type UrlState } from '../models/url-state';

/** `2026-11-27T14:05` in local time, for <input type="datetime-local">. */
const local = (t: number) => {
  const d = new Date(t - new Date(t).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export interface RangePickerProps {
  state: UrlState;
  window: { from: number; to: number };
  timezone: string;
  onChange(next: Pick<UrlState, 'range' | 'from' | 'to'>): void;
}

export function RangePicker({ state, window, timezone, onChange }: RangePickerProps) {
  const [open, setOpen] = useState(state.range === 'custom');
  const [from, setFrom] = useState(local(window.from));
  const [to, setTo] = useState(local(window.to));
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (e: Event) => {
    e.preventDefault();
    const f = new Date(from).getTime();
    const t = new Date(to).getTime();
    if (Number.isNaN(f) || Number.isNaN(t)) return setProblem('Enter both dates.');
    if (f >= t) return setProblem('The start must be before the end.');
    setProblem(null);
    onChange({ range: 'custom', from: f, to: t });
  };
  return (
    <div class="range" role="group" aria-label="Time range">
      <div class="range-presets">
        {PRESETS.map((p: Preset) => (
          <button
            type="button"
            class="seg"
            aria-pressed={state.range === p}
            onClick={() => (setOpen(false), onChange({ range: p }))}
          >
            {p}
          </button>
        ))}
        <button
          type="button"
          class="seg"
          aria-pressed={state.range === 'custom'}
          aria-expanded={open}
          onClick={() => (setFrom(local(window.from)), setTo(local(window.to)), setOpen(!open))}
        >
          Custom
        </button>
      </div>
      {open && (
        <form class="range-custom" onSubmit={apply}>
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={from}
              onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
              required
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={to}
              onInput={(e) => setTo((e.target as HTMLInputElement).value)}
              required
            />
          </label>
          <button type="submit">Apply</button>
          {problem && (
            <span class="form-problem" role="alert">
              {problem}
            </span>
          )}
        </form>
      )}
      <span class="tz muted" data-testid="timezone">
        Times in {timezone}
      </span>
    </div>
  );
}
