// Two snapshots side by side, "before" and "after" a fix: each vital of each frame,
// navigation timing, the resources both loaded and the errors, each marked better,
// worse or about the same. Lower is better everywhere; within 10% (at least 10 ms, or
// 0.01 CLS) is "same": a single load is one sample.
import { VITAL_NAMES, type VitalName } from '../../shared/limits';
import type { SnapshotInput } from '../../shared/snapshot';
import { formatVital } from './compare';

export type Change = 'better' | 'worse' | 'same' | 'added' | 'removed';

export interface Row {
  label: string;
  before: string;
  after: string;
  change: Change;
  /** `-120 ms`, `+0.05`; '' when one side is missing. */
  delta: string;
}

export interface SnapshotComparison {
  frames: { label: string; rows: Row[] }[];
  navigation: Row[];
  /** Count, blocking time (past 50 ms each), longest; none where the browser does not time them. */
  longTasks: Row[];
  resources: Row[];
  errors: Row[];
  better: number;
  worse: number;
}

const NAV_FIELDS = ['ttfb', 'domContentLoaded', 'load'] as const;
const msText = (v: number) => formatVital('LCP', v);

function changeOf(before: number, after: number, cls: boolean, floor = 10): Change {
  const tolerance = cls ? 0.01 : Math.max(floor, Math.abs(before) * 0.1);
  if (Math.abs(after - before) <= tolerance) return 'same';
  return after < before ? 'better' : 'worse';
}

function numberRow(
  label: string,
  before: number | undefined,
  after: number | undefined,
  fmt: (v: number) => string,
  cls = false,
  /** The smallest change that counts (10 ms; 0 for counts). */
  floor = 10,
): Row | null {
  if (before === undefined && after === undefined) return null;
  const shown = (v: number | undefined) => (v === undefined ? '–' : fmt(v));
  if (before === undefined || after === undefined)
    return {
      label,
      before: shown(before),
      after: shown(after),
      change: before === undefined ? 'added' : 'removed',
      delta: '',
    };
  const d = after - before;
  const unit = fmt === String ? '' : ' ms';
  const delta = cls
    ? `${d >= 0 ? '+' : ''}${d.toFixed(3)}`
    : `${d >= 0 ? '+' : '−'}${Math.round(Math.abs(d))}${unit}`;
  return {
    label,
    before: fmt(before),
    after: fmt(after),
    change: changeOf(before, after, cls, floor),
    delta,
  };
}

const rows = (list: (Row | null)[]) => list.filter((r): r is Row => r !== null);

function vitalRows(
  a: SnapshotInput['frames'][number] | undefined,
  b: SnapshotInput['frames'][number] | undefined,
) {
  const value = (f: typeof a, n: VitalName) => f?.vitals.find((v) => v.name === n)?.value;
  return rows(
    VITAL_NAMES.map((n) => numberRow(n, value(a, n), value(b, n), (v) => formatVital(n, v), n === 'CLS')),
  );
}

export function compareSnapshots(before: SnapshotInput, after: SnapshotInput): SnapshotComparison {
  const frameCount = Math.max(before.frames.length, after.frames.length);
  const frames = Array.from({ length: frameCount }, (_, i) => ({
    label: i === 0 ? 'Page' : `Tool frame ${frameCount > 2 ? i : ''}`.trim(),
    rows: vitalRows(before.frames[i], after.frames[i]),
  }));
  frames.forEach((f, i) =>
    f.rows.push(
      ...rows([numberRow('JS errors', before.frames[i]?.errors, after.frames[i]?.errors, String, false)]).map(
        (r) => ({ ...r, delta: '', change: errorChange(before.frames[i]?.errors, after.frames[i]?.errors) }),
      ),
    ),
  );

  const navigation = rows(
    NAV_FIELDS.map((k) => numberRow(k, before.navigation?.[k], after.navigation?.[k], msText)),
  );
  const longTasks = rows([
    numberRow('count', before.longTasks?.count, after.longTasks?.count, String, false, 0),
    numberRow('blocking time', before.longTasks?.blockingMs, after.longTasks?.blockingMs, msText),
    numberRow('longest', before.longTasks?.longestMs, after.longTasks?.longestMs, msText),
  ]);

  const durations = (s: SnapshotInput) => new Map(s.resources.map((r) => [r.url, r.duration]));
  const [rb, ra] = [durations(before), durations(after)];
  const resources = rows(
    [...new Set([...rb.keys(), ...ra.keys()])].map((url) => numberRow(url, rb.get(url), ra.get(url), msText)),
  );

  const counts = (s: SnapshotInput) => {
    const m = new Map<string, number>();
    for (const e of s.errors) m.set(e.message, (m.get(e.message) ?? 0) + (e.count ?? 1));
    return m;
  };
  const [eb, ea] = [counts(before), counts(after)];
  const errors = [...new Set([...eb.keys(), ...ea.keys()])].map<Row>((message) => ({
    label: message,
    before: String(eb.get(message) ?? 0),
    after: String(ea.get(message) ?? 0),
    change: !eb.has(message) ? 'added' : !ea.has(message) ? 'removed' : 'same',
    delta: '',
  }));

  const all = [...frames.flatMap((f) => f.rows), ...navigation, ...longTasks, ...resources];
  const better =
    all.filter((r) => r.change === 'better').length + errors.filter((r) => r.change === 'removed').length;
  const worse =
    all.filter((r) => r.change === 'worse').length + errors.filter((r) => r.change === 'added').length;
  return { frames, navigation, longTasks, resources, errors, better, worse };
}

/** Fewer errors is better; any change in count says so. */
function errorChange(before: number | undefined, after: number | undefined): Change {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  return after === before ? 'same' : after < before ? 'better' : 'worse';
}
