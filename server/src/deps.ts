// What the app is given by a runtime entry (runtime/node.ts, runtime/worker.ts)
// or a test: the ports and the runtime's services. Routes take it too.
import type { Context } from 'hono';
import type { HealthDeps } from './core/health';
import type { LiveHub } from './core/live';
import type { RateLimiter } from './core/rate-limit';
import type { Clock, HttpProbe, Notify, Store } from './ports';

export interface AppDeps {
  store: Store;
  clock: Clock;
  /** Per-site ingest limit; none when absent. */
  rateLimit?: RateLimiter;
  /** Demo course pages by LMS name; `{{SITE_KEY}}` is replaced with the demo site's key. */
  demoPages?: Record<string, string>;
  /** Called with failures that are not the client's fault (the answer is a bare 500). */
  onUnexpectedError?: (error: unknown) => void;
  /** What /health and /readyz report beside the store (routes/health.ts). */
  health?: Omit<HealthDeps, 'store' | 'clock'>;
  /** Let synthetic checks target private, loopback and link-local addresses (SIGHTLINE_ALLOW_PRIVATE_TARGETS). */
  allowPrivateTargets?: boolean;
  /** Live updates for GET /v1/stream (Node); absent on Workers, where the dashboard polls. */
  live?: LiveHub;
  /** The notifier alerts are sent with, for a channel's test notification; fetch under the address policy when absent. */
  notify?: Notify;
  /**
   * How this server sends email: over each channel's SMTP settings (Node, the default), through
   * the send_email binding (Workers with SEND_EMAIL), or not at all (Workers without it).
   */
  email?: 'smtp' | 'binding' | 'none';
  /** The client's address where no Cloudflare header names it (Node: the socket's). */
  clientAddress?: (c: Context) => string | undefined;
  /** The probe checks are run with, for "run now"; fetch under the address policy when absent. */
  probe?: HttpProbe;
}
