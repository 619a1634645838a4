// GET /v1/releases: each release of a site compared with the one before on the same
// routes and endpoints (server/src/core/releases.ts). Plain types, shared by the
// server and the dashboard.

/** What is compared: a vital's p75 by route, an endpoint's p95, or a rate. */
export type ReleaseStat = 'p75' | 'p95' | 'rate';

/** One figure of one release: its value and how many samples (page views, requests) it rests on. */
export interface ReleaseFigure {
  value: number;
  n: number;
}

export interface ReleaseComparison {
  /**
   * `LCP` `INP` `CLS` (p75 by route), `request.duration` (p95 by endpoint), `errors`
   * (JS errors per page view by route), `request.5xx` (share of an endpoint's requests
   * answered 5xx).
   */
  metric: string;
  stat: ReleaseStat;
  /** The route, or the endpoint (`GET /api/quiz/:id`). */
  key: string;
  base: ReleaseFigure;
  current: ReleaseFigure;
  /** p75/p95: current / base − 1 (null when the base is 0); rate: current − base. */
  change: number | null;
  /** Two-sided: Mann-Whitney U on the sketch bins, or a z-test on the counts. */
  p: number;
  /** Worse by the threshold, significant, and with enough samples on both sides. */
  regression: boolean;
}

export interface ReleaseSummary {
  release: string;
  /** Epoch ms: the first and last batch that named it (deploy markers). */
  firstSeen: number;
  lastSeen: number;
  events: number;
  /** The release first seen just before this one; null for the first. */
  previous: string | null;
  regressions: number;
  /** Regressions first, then by p. */
  comparisons: ReleaseComparison[];
}

export interface ReleaseThresholds {
  /** A p75/p95 is worse when it grew by at least this share (0.1 = 10 %). */
  quantileChange: number;
  /** A rate is worse when it grew by at least this much (0.01 = 1 percentage point). */
  rateChange: number;
  /** Significant below this p. */
  alpha: number;
  /** Samples needed on each side (page views, requests, vital samples). */
  minSamples: number;
}

export interface ReleasesResponse {
  site: string;
  from: number;
  to: number;
  thresholds: ReleaseThresholds;
  /** Releases seen in the range, newest first. */
  releases: ReleaseSummary[];
}
