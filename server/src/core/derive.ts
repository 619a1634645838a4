// A stored batch's derived records (rollup deltas, sessions, error groups, LTI
// launch parts, its release's figures), made again from its raw row as ingest made them: the row keeps the
// envelope and the validated events, and `receivedAt` was ingest's clock. What a
// store replays when a crash came between storing batches and adding their derived
// rows. Pure.
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import type { BatchRow, Derived } from '../ports';
import type { CardinalityFold } from './cardinality';
import { queryPlansOf } from './insights/plans';
import { browserLaunchPart, serverLaunchParts } from './launches';
import { logLinesOf } from './logs';
import { releasePartOf } from './releases';
import { batchRowOf, deltasOf, type Envelope } from './rollup';
import { sessionAndErrorDeltasOf } from './sessions-and-errors';
import { serverDeltasOf } from './server-rollup';

export function derivedOf(row: BatchRow): Derived {
  return withRelease(row, recordsOfRow(row));
}

/** The derived records with the release's figures made from their deltas, when the batch named a release. */
function withRelease(row: BatchRow, derived: Derived): Derived {
  const release = releasePartOf(row, derived.deltas);
  return release ? { ...derived, release } : derived;
}

function recordsOfRow(row: BatchRow): Derived {
  const now = row.receivedAt;
  if (row.source === 'server') {
    const env = { siteId: row.siteId, service: row.session };
    const events = JSON.parse(row.events) as ServerEvent[];
    const launches = serverLaunchParts(row.siteId, events, now);
    const plans = queryPlansOf(row.siteId, events);
    const logs = logLinesOf({ ...env, release: row.release ?? '' }, events, now);
    return {
      deltas: events.flatMap((e) => serverDeltasOf(env, e, now)),
      ...(launches.length ? { launches } : {}),
      ...(plans.length ? { plans } : {}),
      ...(logs ? { logs } : {}),
    };
  }
  const env = {
    siteId: row.siteId,
    session: row.session,
    route: row.route,
    platform: row.platform,
    frame: row.frame,
    device: row.device,
    country: row.country,
    user: row.user,
  };
  const events = JSON.parse(row.events) as Event[];
  const launch = row.launch ? browserLaunchPart(row.siteId, row.launch, events, now) : undefined;
  return {
    deltas: events.flatMap((e) => deltasOf(env, e, now)),
    ...sessionAndErrorDeltasOf(env, events, now),
    ...(launch ? { launches: [launch] } : {}),
  };
}

/** `derivedOf`, with capped values folded as the live path folds them (core/cardinality.ts). */
// The release's figures are made again from the folded deltas: a route past the cap is `other` there too.
export const foldedDerive = (fold: CardinalityFold) => async (row: BatchRow) =>
  withRelease(row, await fold(derivedOf(row)));

/** A browser batch as stored, and its derived records. */
export function recordsOf(env: Envelope, events: Event[], now: number) {
  const batch = batchRowOf(env, events, now);
  return { batch, ...derivedOf(batch) };
}
