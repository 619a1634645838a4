// Server events (the SDK's) → stored rows and rollup deltas, by the metric
// catalogue in shared/metrics.ts. Pure, like rollup.ts for browser events.
import { statusClass } from '../../../shared/metrics';
import type { ServerEvent } from '../../../shared/server-protocol';
import { binOf } from '../../../shared/sketch';
import type { BatchRow, RollupDelta } from '../ports';
import { minuteOf, toBatchRow } from './rollup';

/** What every event of one server batch shares. */
export interface ServerEnvelope {
  siteId: string;
  /** The tool's name and environment (`atomic-guide/production`), kept with each raw event; '' when not sent. */
  service: string;
  /** The tool's release the batch named (core/releases.ts); '' or absent when none. */
  release?: string;
}

type Dims = Pick<RollupDelta, 'route' | 'dim'> & { country?: string };

/** What one server event adds to the rollups. */
export function serverDeltasOf(env: ServerEnvelope, event: ServerEvent, now: number): RollupDelta[] {
  const key = {
    siteId: env.siteId,
    minute: minuteOf(event.t, now),
    platform: '',
    frame: '',
    device: '',
    country: '',
    eventId: event.id,
    rating: null,
  };
  const delta = (metric: string, value: number, dims: Dims, count = 1): RollupDelta => ({
    ...key,
    ...dims,
    metric,
    value,
    count,
    bin: binOf(value),
  });
  switch (event.kind) {
    case 'request':
      return [
        delta('request.duration', event.duration, {
          route: `${event.method} ${event.route}`,
          dim: statusClass(event.status),
          country: event.country ?? '',
        }),
      ];
    case 'db': {
      const deltas = [delta('db.duration', event.duration, { route: event.op, dim: event.template })];
      if (!event.ok) deltas.push(delta('db.errors', 1, { route: event.op, dim: event.errorKind ?? 'other' }));
      if (event.slow) deltas.push(delta('db.slow', event.duration, { route: event.op, dim: event.template }));
      return deltas;
    }
    case 'lti': {
      // Deep links count per stage (the seed's created / used / succeeded).
      const metric = event.action === 'deep_link' ? `lti.deep_link.${event.stage}` : `lti.${event.action}`;
      return [delta(metric, event.duration ?? 0, { route: event.ok ? 'ok' : 'failed', dim: event.platform })];
    }
    case 'feature':
      return [
        delta(`feature.${event.name}`, event.duration ?? 1, {
          route: '',
          dim: event.hit === undefined ? '' : event.hit ? 'hit' : 'miss',
        }),
      ];
    case 'log':
      return [delta(`log.${event.level}`, 1, { route: '', dim: '' })];
    case 'dropped':
      // The SDK's own loss, apart from the widget's `dropped.<reason>`.
      return Object.entries(event.counts).map(([reason, n]) =>
        delta(`sdk.dropped.${reason}`, 1, { route: '', dim: '' }, n ?? 0),
      );
  }
}

/** A server batch as stored: what server ingest commits (the store derives the rest from it). */
export function serverBatchRowOf(env: ServerEnvelope, events: ServerEvent[], now: number): BatchRow {
  // Stored as source `server`, so a rebuild from raw batches tells these events from the widget's (both have `dropped`).
  return toBatchRow(
    {
      siteId: env.siteId,
      source: 'server',
      session: env.service,
      route: '',
      platform: '',
      frame: '',
      device: '',
      country: '',
      user: '',
      release: env.release ?? '',
    },
    events,
    now,
  );
}

export function serverRecordsOf(env: ServerEnvelope, events: ServerEvent[], now: number) {
  return {
    batch: serverBatchRowOf(env, events, now),
    deltas: events.flatMap((e) => serverDeltasOf(env, e, now)),
  };
}
