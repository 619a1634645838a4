// Shapes of the endpoints the dashboard adds (server/src/routes/dashboard.ts).
// Plain types: the browser bundle imports them and nothing else from here.

/** GET /v1/me: who the token is, so the dashboard hides what it may not do. */
export interface MeResponse {
  name: string;
  role: 'read' | 'admin' | 'ingest';
  /** Whether GET /v1/stream pushes updates here (Node), or the dashboard should poll (Workers). */
  live: boolean;
}

/** GET /v1/vitals/histogram: the merged sketch of one metric over a range, as [value, count] bins (value ascending). */
export interface HistogramResponse {
  site: string;
  from: number;
  to: number;
  metric: string;
  route: string | null;
  count: number;
  /** Each bin's representative value (within 1% of every value it holds) and how many values it holds. */
  bins: [number, number][];
}

/** One vital as a page sent it: its value and the attribution support staff drill into. */
export interface VitalSample {
  t: number;
  value: number;
  rating?: 'good' | 'needs-improvement' | 'poor';
  navigationType?: string;
  /** LCP element and sub-parts, INP target, type and phases, CLS largest shift: as the widget sent them. */
  attribution: Record<string, string | number>;
}

/** GET /v1/vitals/samples: the latest samples of one metric on one route, newest first (raw events, kept 7 days). */
export interface VitalSamplesResponse {
  site: string;
  from: number;
  to: number;
  metric: string;
  route: string;
  samples: VitalSample[];
}

/** One Server-Sent Event of GET /v1/stream (the `event:` name is `type`). */
export type StreamMessage =
  | { type: 'hello'; at: number }
  /** New events were committed: per site, how many, since the last message. */
  | { type: 'ingest'; at: number; sites: Record<string, number> }
  | { type: 'alerts'; at: number };
