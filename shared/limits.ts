// Wire limits and web-vitals thresholds: plain constants, no zod, so the
// widget can import them without shipping a schema library.

/** Every bound the protocol enforces, in one place. */
export const LIMITS = {
  /** The fetch keepalive / sendBeacon quota is 64 KiB per request. */
  maxBodyBytes: 65_536,
  maxEventsPerBatch: 500,
  maxIdLength: 64,
  maxUrlLength: 2_048,
  maxStringLength: 1_024,
  maxStackLength: 8_192,
  maxCustomProps: 20,
  maxSlowestResources: 10,
} as const;

export const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalName = (typeof VITAL_NAMES)[number];

/**
 * [good, poor] boundaries: a value ≤ good is "good", > poor is "poor".
 * https://web.dev/articles/vitals#core-web-vitals and web-vitals' *Thresholds.
 */
export const THRESHOLDS: Record<VitalName, readonly [good: number, poor: number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

export type Rating = 'good' | 'needs-improvement' | 'poor';

export function rate(name: VitalName, value: number): Rating {
  const [good, poor] = THRESHOLDS[name];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

/**
 * Red/amber/green boundaries of the overview figures. Red follows the seed
 * guide's alert rules (error rate > 5 %, p95 > 2,000 ms); amber starts at a
 * fifth (error rates) or half (times) of that.
 */
export const OVERVIEW_THRESHOLDS = {
  errorRate: { amber: 0.01, red: 0.05 },
  p95ResponseTime: { amber: 1_000, red: 2_000 },
  avgResponseTime: { amber: 500, red: 1_000 },
  ltiLaunchFailureRate: { amber: 0.01, red: 0.05 },
  jsErrorsPerPageview: { amber: 0.05, red: 0.2 },
  /** Uptime in percent: lower is worse. */
  uptime: { amber: 99.9, red: 99 },
} as const;
