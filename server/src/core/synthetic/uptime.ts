// Uptime of a check over a range: successful runs / all runs (Gatus, Uptime Kuma).

export interface Uptime {
  /** The range, epoch ms: runs started in [from, to]. */
  from: number;
  to: number;
  total: number;
  successful: number;
  /** Percent of runs that succeeded, rounded down to 3 decimals; null without runs. */
  percent: number | null;
}

/**
 * Successful / total as a percentage, rounded *down* so one failure in 10,000
 * runs shows as 99.99 and never as 100: 100 means no run failed.
 */
export function uptimePercent(successful: number, total: number): number | null {
  if (total <= 0) return null;
  // Integer arithmetic: 99.99 is not exactly representable, but 99990 / 1000 rounds to it.
  return Math.floor((successful * 100_000) / total) / 1000;
}

export function uptimeOf(counts: { total: number; ok: number }, from: number, to: number): Uptime {
  return {
    from,
    to,
    total: counts.total,
    successful: counts.ok,
    percent: uptimePercent(counts.ok, counts.total),
  };
}
