// Server ingest: batches from the server-side SDK (sightline/server), sent by
// the tool's backend with a bearer token of role `ingest` (or `admin`).
// Validated at the boundary like browser batches, deduped by event id,
// committed with their rollup deltas in one durable step.
import type { IngestResult } from '../../../shared/protocol';
import { ServerBatchSchema, ServerEventSchema, type ServerBatch, type ServerEvent } from '../../../shared/server-protocol';
import type { Clock, Store } from '../ports';
import { badRequest, firstIssue, HttpError } from './errors';
import { randomId } from './ids';
import { resolveSite } from './query';
import type { RateLimiter } from './rate-limit';
import { serverRecordsOf } from './server-rollup';

export interface ServerIngestDeps {
  store: Store;
  clock: Clock;
  rateLimit?: RateLimiter;
}

type EventIssue = NonNullable<IngestResult['errors']>[number];

/** The envelope must be right (400 naming the field); each event is checked on its own. */
export function validateServerBatch(input: unknown): { batch: ServerBatch; errors: EventIssue[]; repeated: number } {
  const envelope = ServerBatchSchema.safeParse(input);
  if (!envelope.success) throw badRequest(envelope.error);
  const events = new Map<string, ServerEvent>();
  const errors: EventIssue[] = [];
  envelope.data.events.forEach((raw, index) => {
    const parsed = ServerEventSchema.safeParse(raw);
    if (parsed.success) events.has(parsed.data.id) || events.set(parsed.data.id, parsed.data);
    else errors.push({ index, ...firstIssue(parsed.error, ['events', index]) });
  });
  if (events.size === 0) {
    const { path, message } = errors[0];
    throw new HttpError(400, `${path}: ${message}`, path);
  }
  return { batch: { ...envelope.data, events: [...events.values()] }, errors, repeated: envelope.data.events.length - errors.length - events.size };
}

/** `site`: the `?site=` parameter, or the only site there is. */
export async function ingestServer(deps: ServerIngestDeps, input: unknown, site: string | undefined): Promise<IngestResult> {
  const { batch, errors, repeated } = validateServerBatch(input);
  const { id: siteId } = await resolveSite(deps.store, site);

  const now = deps.clock();
  const wait = deps.rateLimit?.take(siteId, batch.events.length, now) ?? 0;
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HttpError(429, `rate limit exceeded for this site: retry after ${seconds} s`, undefined, { 'Retry-After': String(seconds) });
  }
  const service = [batch.service, batch.environment].filter(Boolean).join('/');
  const { rows, deltas } = serverRecordsOf({ siteId, service }, batch.events, now);
  const fresh = await deps.store.commit(rows, deltas, randomId('r'));
  return {
    accepted: batch.events.length + repeated,
    rejected: errors.length,
    duplicates: batch.events.length - fresh + repeated,
    ...(errors.length ? { errors } : {}),
  };
}
