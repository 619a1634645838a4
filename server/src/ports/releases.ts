// Releases (issue 16 item 4): what a batch that named a release adds to its
// release's figures, and the reads GET /v1/releases compares them with.

/** One count in a release's figures: a sketch bin's (LCP, INP, CLS, request.duration) or a counter's (bin 0). */
export interface ReleaseStat {
  metric: string;
  /** The page's route, or the endpoint (`GET /api/quiz/:id`) for server metrics. */
  key: string;
  /** Epoch day (UTC) the events are counted in. */
  day: number;
  bin: number;
  count: number;
}

/** What one batch adds to its release (core/releases.ts `releasePartOf`). */
export interface ReleasePart {
  siteId: string;
  release: string;
  /** When the batch arrived (epoch ms): the release's first and last seen. */
  seenAt: number;
  /** Events in the batch. */
  events: number;
  stats: ReleaseStat[];
}

/** A release of a site as stored. */
export interface ReleaseRow {
  release: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
}

/** A release's count of one bin of one metric and key, summed over its days. */
export interface ReleaseStatRow {
  release: string;
  metric: string;
  key: string;
  bin: number;
  count: number;
}

export interface ReleaseStore {
  /** The site's releases, first seen first. */
  releases(siteId: string): Promise<ReleaseRow[]>;
  /** The figures of these releases, each bin summed over its days. */
  releaseStats(siteId: string, releases: string[]): Promise<ReleaseStatRow[]>;
  /** Retention: removes the figures of days before `before`'s (epoch ms) and the releases last seen before it; returns how many releases. */
  pruneReleases(before: number): Promise<number>;
}
