// What the extension's parts tell each other: a frame's live readings, the
// server's answers as the extension keeps them, the settings.
import type { AlertView } from '../../shared/alerts';
import type { Rating, VitalName } from '../../shared/limits';
import type { LmsPlatform } from '../../shared/protocol';
import type { VitalSummary } from '../../shared/query';

/** One web-vitals reading with the attribution a support person can act on. */
export interface VitalReading {
  name: VitalName;
  value: number;
  rating: Rating;
  /** LCP element, INP interaction target, CLS largest shift target: a CSS selector. */
  target?: string;
  /** Plain-words attribution (`click on button#load-more`, `image https://…/hero.jpg`). */
  detail?: string;
  /** Sub-parts in ms (LCP phases, INP phases, TTFB phases). */
  parts?: Record<string, number>;
}

/** Everything one frame measured so far. */
export interface FrameReport {
  /** Stable per document: the frame's URL and its load time. */
  key: string;
  /** Scrubbed URL: origin and path, query values hidden. */
  url: string;
  origin: string;
  route: string;
  title: string;
  platform: LmsPlatform;
  framed: boolean;
  vitals: Partial<Record<VitalName, VitalReading>>;
  errors: number;
  /** SPA route changes since the load. */
  softNavigations: number;
}

/** The field p75 for one route (from GET /v1/vitals), or why there is none. */
export type FieldVitals =
  | { state: 'ok'; site: string; route: string; metrics: Partial<Record<VitalName, VitalSummary>> }
  | { state: 'unconfigured' | 'no-site' | 'error'; message: string };

/** The background's cached view of the server's active alerts. */
export interface AlertCache {
  alerts: AlertView[];
  /** When the alerts above were fetched (epoch ms); null before the first success. */
  fetchedAt: number | null;
  /** The last poll's failure; null once a poll succeeds. */
  error: { kind: ServerErrorKind; message: string; at: number } | null;
  /** Ids already notified, so a critical alert is announced once. */
  notified: string[];
  /** The token's role, when known (admin may acknowledge). */
  role: 'read' | 'admin' | null;
}

export type ServerErrorKind =
  'unconfigured' | 'permission' | 'unreachable' | 'unauthorized' | 'forbidden' | 'http';

export interface Settings {
  /** The Sightline server, e.g. https://sightline.example.edu; '' when none. */
  serverUrl: string;
  token: string;
  /** Host patterns the overlay runs on (`*.instructure.com`, `moodle.example.edu`). */
  sitePatterns: string[];
  /** Show the overlay on pages recognised as Canvas or Moodle, among the sites the extension runs on. */
  detectLms: boolean;
  /**
   * Run on every site (access to all sites asked for at run time) so that `detectLms` finds
   * Canvas and Moodle anywhere. Absent in settings saved before it existed: off.
   */
  detectLmsEverywhere?: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  serverUrl: '',
  token: '',
  sitePatterns: ['*.instructure.com', '*.moodlecloud.com'],
  detectLms: true,
  detectLmsEverywhere: false,
};

/** Where the overlay sits on one site, and whether it is folded. */
export interface OverlayPlace {
  x: number | null;
  y: number | null;
  collapsed: boolean;
}
