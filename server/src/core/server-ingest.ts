// Server ingest: batches from the server-side SDK (sightline/server), sent by
// the tool's backend with a bearer token of role `ingest` (or `admin`).
// Validated at the boundary like browser batches, deduped as a batch,
// committed with their rollup deltas in one durable step.
import type { IngestResult } from '../../../shared/protocol';
import { ServerBatchSchema, ServerEventSchema, type ServerBatch } from '../../../shared/server-protocol';
import type { Clock, Store } from '../ports';
import { badRequest } from './errors';
import { receiptId } from './ids';
import { checkRateLimit, rawEventCount, validateEvents } from './ingest';
import { resolveSite } from './query';
import type { RateLimiter } from './rate-limit';
import { scrubServerEvent } from './scrub-events';
import { serverBatchRowOf } from './server-rollup';

export interface ServerIngestDeps {
  store: Store;
  clock: Clock;
  rateLimit?: RateLimiter;
}

type EventIssue = NonNullable<IngestResult['errors']>[number];

/** The envelope must be right (400 naming the field); each event is checked on its own. */
export function validateServerBatch(input: unknown): {
  batch: ServerBatch;
  errors: EventIssue[];
  repeated: number;
} {
  const envelope = ServerBatchSchema.safeParse(input);
  if (!envelope.success) throw badRequest(envelope.error);
  const { events, errors, repeated } = validateEvents(envelope.data.events, ServerEventSchema);
  return { batch: { ...envelope.data, events }, errors, repeated };
}

/** `site`: the `?site=` parameter, or the only site there is. */
export async function ingestServer(
  deps: ServerIngestDeps,
  input: unknown,
  site: string | undefined,
): Promise<IngestResult> {
  const { id: siteId } = await resolveSite(deps.store, site);
  const now = deps.clock();
  // The rate limit from the raw batch's size, before any event is validated (as browser ingest):
  // a flood's 429s cost no validation.
  const events = rawEventCount(input);
  if (events) await checkRateLimit(deps, siteId, events, now);
  const { batch, errors, repeated } = validateServerBatch(input);
  const service = [batch.service, batch.environment].filter(Boolean).join('/');
  const fresh = await deps.store.commit(
    serverBatchRowOf({ siteId, service, release: batch.release }, batch.events.map(scrubServerEvent), now),
    receiptId(),
  );
  return {
    accepted: batch.events.length + repeated,
    rejected: errors.length,
    duplicates: batch.events.length - fresh + repeated,
    ...(errors.length ? { errors } : {}),
  };
}
