import type { z } from 'zod';
// Ingest: validate a batch at the boundary, check its site key and origin,
// then commit new events and their rollup deltas in one durable step.
import { normaliseRoute } from '../../../shared/route';
import { dailyUser } from './daily-user';
import {
  BatchSchema,
  EventSchema,
  frameOf,
  type Batch,
  type Event,
  type IngestResult,
} from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import type { Clock, Site, Store } from '../ports';
import { badRequest, firstIssue, HttpError } from './errors';
import { receiptId } from './ids';
import type { RateLimiter } from './rate-limit';
import { batchRowOf } from './rollup';
import { scrubEvent } from './scrub-events';

export interface IngestDeps {
  store: Store;
  clock: Clock;
  rateLimit?: RateLimiter;
}

type EventIssue = NonNullable<IngestResult['errors']>[number];

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Validates each event on its own, so one bad event is reported without losing
 * the rest (400 naming the field only when none is valid). A repeated id within
 * one batch is a duplicate like any other: the first one counts.
 */
export function validateEvents<E extends { id: string }>(
  raws: unknown[],
  schema: z.ZodType<E>,
): { events: E[]; errors: EventIssue[]; repeated: number } {
  const events = new Map<string, E>();
  const errors: EventIssue[] = [];
  raws.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) events.has(parsed.data.id) || events.set(parsed.data.id, parsed.data);
    else errors.push({ index, ...firstIssue(parsed.error, ['events', index]) });
  });
  if (events.size === 0) {
    const { path, message } = errors[0];
    throw new HttpError(400, `${path}: ${message}`, path);
  }
  return { events: [...events.values()], errors, repeated: raws.length - errors.length - events.size };
}

/** Validates the envelope (400 naming the field when it is wrong), then each event. */
export function validateBatch(input: unknown): { batch: Batch; errors: EventIssue[]; repeated: number } {
  const envelope = BatchSchema.safeParse(input);
  if (!envelope.success) throw badRequest(envelope.error);
  const { events, errors, repeated } = validateEvents(envelope.data.events, EventSchema);
  return { batch: { ...envelope.data, events }, errors, repeated };
}

/** 429 with Retry-After when the site has sent more than its rate limit allows. */
export async function checkRateLimit(
  deps: Pick<IngestDeps, 'rateLimit'>,
  siteId: string,
  events: number,
  now: number,
): Promise<void> {
  const wait = (await deps.rateLimit?.take(siteId, events, now)) ?? 0;
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HttpError(429, `rate limit exceeded for this site: retry after ${seconds} s`, undefined, {
      'Retry-After': String(seconds),
    });
  }
}

/** A missing Origin (a server or a tool, not a page) is allowed; a page's must be listed. */
export function checkOrigin(site: Site, origin: string | null): void {
  if (origin === null || site.origins.includes('*') || site.origins.includes(origin)) return;
  throw new HttpError(403, `origin ${origin} is not allowed for this site key`, 'origin');
}

/** What the request itself tells about a batch: the page's origin and, behind Cloudflare, the country. */
export interface RequestMeta {
  origin: string | null;
  country?: string;
  /** The client's address and user agent: what a rotating anonymous user is made from (core/daily-user.ts). */
  client?: { address?: string; userAgent?: string };
}

/** How many events an unvalidated body says it carries (at most a batch's limit; 0 when it cannot say). */
export function rawEventCount(input: unknown): number {
  const events = (input as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? Math.min(events.length, LIMITS.maxEventsPerBatch) : 0;
}

/**
 * The site and its rate limit, from the raw envelope, before any event is validated:
 * a flood's 429s then cost a key lookup, not the validation of every event. Null
 * when the envelope is too wrong to tell (validation then names the field).
 */
async function admitEarly(deps: IngestDeps, input: unknown, meta: RequestMeta, now: number) {
  if (!input || typeof input !== 'object') return null;
  const { siteKey } = input as { siteKey?: unknown };
  const events = rawEventCount(input);
  if (typeof siteKey !== 'string' || events === 0) return null;
  const site = await deps.store.findSiteByKey(siteKey);
  if (!site) return null;
  checkOrigin(site, meta.origin);
  await checkRateLimit(deps, site.id, events, now);
  return site;
}

export async function ingest(deps: IngestDeps, input: unknown, meta: RequestMeta): Promise<IngestResult> {
  const now = deps.clock();
  const early = await admitEarly(deps, input, meta, now);
  const { batch, errors, repeated } = validateBatch(input);
  const site = early ?? (await deps.store.findSiteByKey(batch.siteKey));
  if (!site) throw new HttpError(401, 'unknown site key', 'siteKey');
  if (!early) {
    checkOrigin(site, meta.origin);
    await checkRateLimit(deps, site.id, batch.events.length, now);
  }
  const route = normaliseRoute(batch.page.route ?? new URL(batch.page.url).pathname);
  const envelope = {
    siteId: site.id,
    session: batch.session,
    route,
    platform: batch.lms.platform,
    // A batch without lms is taken as a top-level page, as the widget documents (widget/src/client.ts).
    frame: frameOf(batch.lms),
    device: batch.device ?? '',
    country: meta.country ?? '',
    user:
      batch.user ??
      (batch.anonymous === 'daily'
        ? await dailyUser(deps.store, now, site.id, meta.client ?? {})
        : undefined),
    launch: batch.launch,
    release: batch.release,
  };
  // Stored scrubbed (core/scrub-events.ts): emails, long digit runs, tokens and LTI/OAuth values out of free text.
  const fresh = await deps.store.commit(batchRowOf(envelope, batch.events.map(scrubEvent), now), receiptId());
  return {
    accepted: batch.events.length + repeated,
    rejected: errors.length,
    duplicates: batch.events.length - fresh + repeated,
    ...(errors.length ? { errors } : {}),
  };
}
