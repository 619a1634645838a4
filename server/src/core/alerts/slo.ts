// SLO burn-rate math (Google SRE Workbook, "Alerting on SLOs", table 5-8):
// burn rate = error ratio / (1 − objective); an alert pairs a long and a short
// window (1/12 of it) that must both burn faster than its threshold.
// https://sre.google/workbook/alerting-on-slos/

export interface WindowCounts {
  total: number;
  bad: number;
}

export interface BurnWindow {
  long: number;
  short: number;
  burnRate: number;
}

/** Error ratio ÷ error budget; null without events. */
export function burnRate(counts: WindowCounts, objective: number): number | null {
  if (counts.total <= 0) return null;
  return counts.bad / counts.total / (1 - objective);
}

/** The burn rate that spends `budgetFraction` of the budget of `periodMs` in `longMs` (0.02 of 30 d in 1 h → 14.4). */
export function burnThreshold(budgetFraction: number, periodMs: number, longMs: number): number {
  return (budgetFraction * periodMs) / longMs;
}

/** The highest burn rate an SLO can show (every event bad): thresholds at or above it never fire. */
export const maxBurnRate = (objective: number) => 1 / (1 - objective);

/**
 * The value of a multi-window rule: over the windows, the highest of
 * min(long burn, short burn) ÷ threshold, so ≥ 1 means some window pair is
 * burning (pairs ORed, their two windows ANDed). A pair counts only with at
 * least `minSamples` events in its long window and one in its short one;
 * samples is the most events any long window saw.
 */
export function burnValue(
  objective: number,
  windows: (BurnWindow & { longCounts: WindowCounts; shortCounts: WindowCounts })[],
  minSamples: number,
) {
  let value: number | null = null;
  let samples = 0;
  for (const w of windows) {
    samples = Math.max(samples, w.longCounts.total);
    if (w.longCounts.total < minSamples || w.shortCounts.total < 1) continue;
    const long = burnRate(w.longCounts, objective)!;
    const short = burnRate(w.shortCounts, objective)!;
    const v = Math.min(long, short) / w.burnRate;
    value = value === null ? v : Math.max(value, v);
  }
  // Enough events in some window but none qualifying pair: report no data rather than "fine".
  return { value, samples: value === null ? 0 : samples };
}

const H = 3_600_000;
/** The Workbook's page and ticket windows for a 30-day SLO. */
export const PAGE_WINDOWS = [
  { long: '1h', short: '5m', burnRate: 14.4 },
  { long: '6h', short: '30m', burnRate: 6 },
] as const;
export const TICKET_WINDOWS = [{ long: '3d', short: '6h', burnRate: 1 }] as const;
export const SLO_PERIOD_MS = 720 * H;
