// The Prometheus alert state machine, one series at a time (rules/alerting.go):
// inactive → pending → firing after `for`; a pending alert that clears is dropped
// silently; a firing alert that clears keeps firing for `keep_firing_for` (stamped
// at the first evaluation that missed), then resolves. No data is its own state:
// it never resolves a firing alert, and it restarts a pending one's `for` clock.
import type { AlertRule, Comparison } from '../../../../shared/alerts';
import type { AlertInstance, HistoryEntry } from '../../ports';

/** How long a resolved alert is kept, so its resolved notification can go out (Prometheus: 15 min). */
export const RESOLVED_RETENTION_MS = 15 * 60_000;

export type Outcome = 'breach' | 'clear' | 'nodata';

/** One evaluated series: its labels, value and how many samples the value rests on. */
export interface Sample {
  siteId: string;
  labels: Record<string, string>;
  value: number | null;
  samples: number;
}

export const compare = (value: number, op: Comparison, threshold: number) =>
  op === '>'
    ? value > threshold
    : op === '>='
      ? value >= threshold
      : op === '<'
        ? value < threshold
        : value <= threshold;

/**
 * Breach, clear or no data. An active alert (pending or firing) with a clear
 * threshold stays breaching until the value passes it (hysteresis).
 */
export function outcomeOf(
  rule: Pick<AlertRule, 'comparison' | 'threshold' | 'clearThreshold' | 'minSamples' | 'noData'>,
  sample: Sample | undefined,
  active: boolean,
): Outcome {
  if (
    !sample ||
    sample.value === null ||
    !Number.isFinite(sample.value) ||
    sample.samples < rule.minSamples
  ) {
    return rule.noData === 'ok' ? 'clear' : rule.noData === 'alerting' ? 'breach' : 'nodata';
  }
  if (compare(sample.value, rule.comparison, rule.threshold)) return 'breach';
  if (active && rule.clearThreshold !== undefined) {
    // Still short of the clear threshold: `>` clears at or below it, `<` at or above.
    const held = rule.comparison.startsWith('>')
      ? sample.value > rule.clearThreshold
      : sample.value < rule.clearThreshold;
    if (held) return 'breach';
  }
  return 'clear';
}

export interface StepResult {
  /** The instance after this evaluation; null when inactive (no row). */
  next: AlertInstance | null;
  history: HistoryEntry[];
}

export interface StepInput {
  rule: Pick<AlertRule, 'id' | 'for' | 'keepFiringFor'>;
  fingerprint: string;
  sample: Sample;
  outcome: Outcome;
  now: number;
  /** A new episode's id. */
  newId: () => string;
}

const entry = (i: AlertInstance, event: HistoryEntry['event'], at: number): HistoryEntry => ({
  alertId: i.id,
  ruleId: i.ruleId,
  siteId: i.siteId,
  event,
  at,
  value: i.value,
  labels: i.labels,
});

/** One evaluation of one series. */
export function step(prev: AlertInstance | null, input: StepInput): StepResult {
  const { rule, sample, outcome, now } = input;
  // A resolved alert is history: anything new starts a new episode.
  const current = prev && prev.state !== 'resolved' ? prev : null;
  const base = (): AlertInstance => ({
    id: input.newId(),
    fingerprint: input.fingerprint,
    ruleId: rule.id,
    siteId: sample.siteId,
    labels: sample.labels,
    state: 'pending',
    value: sample.value,
    activeAt: now,
    firedAt: null,
    keepFiringSince: null,
    nodataSince: null,
    resolvedAt: null,
    lastEvalAt: now,
    escalatedAt: null,
  });
  const kept = prev && prev.state === 'resolved' ? prev : null;

  if (!current) {
    if (outcome === 'clear') return { next: kept, history: [] };
    const fresh = base();
    if (outcome === 'nodata') {
      // Only a whole-site series without data gets a row: the API shows it as no data.
      if (sample.labels.route !== undefined) return { next: kept, history: [] };
      return {
        next: { ...fresh, state: 'nodata', nodataSince: now },
        history: [entry({ ...fresh, state: 'nodata' }, 'nodata', now)],
      };
    }
    if (rule.for === 0) {
      const firing = { ...fresh, state: 'firing' as const, firedAt: now };
      return { next: firing, history: [entry(firing, 'firing', now)] };
    }
    return { next: fresh, history: [entry(fresh, 'pending', now)] };
  }

  const value = outcome === 'nodata' ? current.value : sample.value;
  const at = { ...current, value, lastEvalAt: now, labels: sample.labels };
  switch (current.state) {
    case 'nodata': {
      if (outcome === 'nodata') return { next: at, history: [] };
      if (outcome === 'clear') return { next: null, history: [] };
      // Data is back and breaching: a new pending episode.
      return step(null, input);
    }
    case 'pending': {
      if (outcome === 'clear') return { next: null, history: [] };
      if (outcome === 'nodata') {
        if (sample.labels.route !== undefined) return { next: null, history: [] };
        const nodata = { ...at, state: 'nodata' as const, nodataSince: now };
        return { next: nodata, history: [entry(nodata, 'nodata', now)] };
      }
      if (now - current.activeAt >= rule.for) {
        const firing = { ...at, state: 'firing' as const, firedAt: now };
        return { next: firing, history: [entry(firing, 'firing', now)] };
      }
      return { next: at, history: [] };
    }
    case 'firing': {
      if (outcome === 'breach')
        return { next: { ...at, keepFiringSince: null, nodataSince: null }, history: [] };
      if (outcome === 'nodata')
        return { next: { ...at, nodataSince: current.nodataSince ?? now }, history: [] };
      const since = current.keepFiringSince ?? now;
      if (rule.keepFiringFor > 0 && now - since < rule.keepFiringFor)
        return { next: { ...at, keepFiringSince: since, nodataSince: null }, history: [] };
      const resolved = {
        ...at,
        state: 'resolved' as const,
        resolvedAt: now,
        keepFiringSince: null,
        nodataSince: null,
      };
      return { next: resolved, history: [entry(resolved, 'resolved', now)] };
    }
  }
  return { next: current, history: [] };
}
