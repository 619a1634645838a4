// What the Worker is bound to (wrangler.jsonc) and configured with.
import type { EmailBinding } from '../notifiers/cloudflare-email';
import type { BatchRow } from '../ports';
import type { LiveHubObject, RateLimitObject } from './worker-objects';

/** One message of the ingest Queue: a validated batch, as it will be stored. */
export interface QueuedBatch {
  batch: BatchRow;
}

export interface Env {
  DB: D1Database;
  /** Ingest answers 202 once a batch is on this Queue; the queue consumer writes it to D1. */
  INGEST_QUEUE?: Queue<QueuedBatch>;
  /** Live updates for dashboards (GET /v1/stream): one hub for the deployment. */
  LIVE?: DurableObjectNamespace<LiveHubObject>;
  /** The ingest rate limit: one token bucket per site, whatever isolate a request lands on. */
  RATE_LIMITER?: DurableObjectNamespace<RateLimitObject>;
  /** Email channels send through it (Email Routing's send_email binding); without it, email channels are refused. */
  SEND_EMAIL?: EmailBinding;
  /** Where links in notifications point, e.g. https://sightline.example.edu: required for alerts on Workers. */
  SIGHTLINE_PUBLIC_URL?: string;
  /** With an admin token set, the first request creates the demo site and that token. */
  SIGHTLINE_ADMIN_TOKEN?: string;
  SIGHTLINE_SITE_KEY?: string;
  /** Comma-separated page origins allowed to send with the demo site's key. */
  SIGHTLINE_ORIGINS?: string;
  /** Events per second per site (default 5,000; 0 = off) and burst seconds. */
  SIGHTLINE_RATE_LIMIT?: string;
  SIGHTLINE_RATE_BURST?: string;
  /** Retention in days of raw events and minute, hour and day rollups (core/levels.ts). */
  SIGHTLINE_RETENTION_RAW?: string;
  SIGHTLINE_RETENTION_MINUTE?: string;
  SIGHTLINE_RETENTION_HOUR?: string;
  SIGHTLINE_RETENTION_DAY?: string;
  /** Days the server SDK's log lines are kept (core/levels.ts). */
  SIGHTLINE_RETENTION_LOGS?: string;
  /** Distinct routes, query templates and error groups per site before folding into `other`. */
  SIGHTLINE_MAX_ROUTES?: string;
  /** Log bytes a site keeps per UTC day (core/logs.ts); later batches' lines are dropped and counted. */
  SIGHTLINE_LOG_BYTES_PER_DAY?: string;
  /** `true` lets synthetic checks name private IP literals; Workers cannot connect to private ranges anyway. */
  SIGHTLINE_ALLOW_PRIVATE_TARGETS?: string;
}
