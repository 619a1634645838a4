// Sightline's own health (draft-inadarei-api-health-check): each check measures
// one thing this deployment really has, with its latency; the worst one is the
// status. Readiness is the short list a load balancer needs.
import type { Clock, Store } from '../ports';

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One entry of `checks["component:measurement"]`; `durationMs` (how long the check took) is ours. */
export interface HealthCheck {
  componentId?: string;
  componentType?: 'component' | 'datastore' | 'system';
  observedValue?: number;
  observedUnit?: string;
  status: HealthStatus;
  time: string;
  output?: string;
  durationMs: number;
}

export interface HealthReport {
  status: HealthStatus;
  output?: string;
  checks: Record<string, HealthCheck[]>;
}

/** The scheduler as health sees it: Node's in-process one, or the Worker's cron (from its heartbeat). */
export interface SchedulerInfo {
  /** False when a scheduler that should run here is not running (stopped, or never started). */
  running: boolean;
  lastTickAt: number | null;
  /** How often it ticks; the tick's age warns above 3 times this and fails above 10 times. */
  everyMs: number;
}

/** A cron-driven scheduler (the Worker's) as health sees it: the last tick is the `scheduler` heartbeat its handler writes. */
export function heartbeatScheduler(store: Store, everyMs: number): () => Promise<SchedulerInfo> {
  return async () => ({ running: true, lastTickAt: await store.lastBeat('scheduler'), everyMs });
}

export interface HealthDeps {
  store: Store;
  clock: Clock;
  /** Absent where nothing is scheduled. */
  scheduler?: () => SchedulerInfo | Promise<SchedulerInfo>;
  /** Notifications waiting to be delivered; absent until alerting has a notifier. */
  notifierQueue?: () => number | Promise<number>;
  /** Batches accepted but not yet written: Node's commit thread, or the Workers ingest Queue as its consumer saw it. */
  backlog?: () => number | Promise<number>;
  /** Batches that failed every retry (the Workers dead-letter queue): how many, and the latest. */
  deadLetters?: () => Promise<{
    count: number;
    latest: { siteId: string; events: number; receivedAt: number }[];
  }>;
  /** Where notifications link to; null where it is required and missing (Workers without SIGHTLINE_PUBLIC_URL). */
  publicUrl?: string | null;
  /** Migration names the code expects; when absent, readiness only needs the migrations table. */
  migrations?: string[];
  /** A site that has had traffic warns when its newest event is older than this (default 1 h). */
  staleEventsAfterMs?: number;
  /** Each check fails when it takes longer (default 2 s). */
  checkTimeoutMs?: number;
}

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };
export const worst = (statuses: HealthStatus[]): HealthStatus =>
  statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');

type Measured = Omit<HealthCheck, 'time' | 'durationMs'>;

function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one probe with its deadline and latency; a throw is a fail with the error as output. */
async function measure(
  deps: HealthDeps,
  probe: () => Promise<Measured | Measured[]>,
): Promise<HealthCheck[]> {
  const started = performance.now();
  const time = new Date(deps.clock()).toISOString();
  let results: Measured[];
  try {
    const r = await deadline(probe(), deps.checkTimeoutMs ?? 2_000);
    results = Array.isArray(r) ? r : [r];
  } catch (e) {
    results = [{ status: 'fail', output: e instanceof Error ? e.message : String(e) }];
  }
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
  return results.map((r) => ({ ...r, time, durationMs }));
}

/** An I/O's latency as a responseTime entry: warn above a second, fail when it throws. */
async function timed(componentId: string, io: () => Promise<unknown>): Promise<Measured> {
  const started = performance.now();
  try {
    await io();
  } catch (e) {
    return {
      componentId,
      componentType: 'datastore',
      status: 'fail',
      output: e instanceof Error ? e.message : String(e),
    };
  }
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return {
    componentId,
    componentType: 'datastore',
    observedValue: ms,
    observedUnit: 'ms',
    status: ms > 1_000 ? 'warn' : 'pass',
  };
}

const ages = (ms: number) =>
  ms < 120_000
    ? `${Math.round(ms / 1000)} s`
    : ms < 7_200_000
      ? `${Math.round(ms / 60_000)} min`
      : `${Math.round(ms / 3_600_000)} h`;

function probes(deps: HealthDeps): Record<string, () => Promise<Measured | Measured[]>> {
  const { store, clock } = deps;
  const stale = deps.staleEventsAfterMs ?? 3_600_000;
  return {
    'database:responseTime': async () => [
      await timed('read', () => store.lastBeat('health')),
      await timed('write', () => store.beat('health', clock())),
    ],
    'eventStore:size': async () => ({
      componentType: 'datastore',
      observedValue: await store.databaseBytes(),
      observedUnit: 'bytes',
      status: 'pass',
    }),
    ...(deps.backlog && {
      'ingest:backlog': async () => {
        const n = await deps.backlog!();
        return {
          componentType: 'component',
          observedValue: n,
          observedUnit: 'batches',
          status: n >= 1_000 ? 'fail' : n >= 100 ? 'warn' : 'pass',
        };
      },
    }),
    ...(deps.deadLetters && {
      'ingest:deadLetters': async () => {
        const { count, latest } = await deps.deadLetters!();
        const last = latest[0];
        return {
          componentType: 'component',
          observedValue: count,
          observedUnit: 'batches',
          status: count > 0 ? 'warn' : 'pass',
          ...(last && {
            output: `${count} batches failed every retry; the latest (${last.events} events from site ${last.siteId}) came back ${new Date(last.receivedAt).toISOString()}`,
          }),
        };
      },
    }),
    ...(deps.publicUrl === null && {
      'config:publicUrl': async () => ({
        componentType: 'system',
        status: 'fail',
        output:
          'SIGHTLINE_PUBLIC_URL is not set: alerts are not evaluated or sent until it names this deployment (https://…)',
      }),
    }),
    'ingest:lastEventAge': async () => {
      const sites = await store.listSites();
      return Promise.all(
        sites.map(async (site): Promise<Measured> => {
          const last = await store.lastEvent(site.id);
          if (!last)
            return {
              componentId: site.id,
              componentType: 'component',
              status: 'pass',
              output: 'no events yet',
            };
          const age = Math.max(0, clock() - last.receivedAt);
          const late = age > stale;
          return {
            componentId: site.id,
            componentType: 'component',
            observedValue: Math.round(age / 1000),
            observedUnit: 's',
            status: late ? 'warn' : 'pass',
            ...(late ? { output: `no events for ${ages(age)}` } : {}),
          };
        }),
      );
    },
    // Log lines the daily byte cap dropped today (migration 0015): counted, never silent.
    'logs:dropped': async () => {
      const day = Math.floor(clock() / 86_400_000);
      const sites = await store.listSites();
      return Promise.all(
        sites.map(async (site): Promise<Measured> => {
          const [usage] = await store.logUsage(site.id, day, day);
          const dropped = usage?.dropped ?? 0;
          return {
            componentId: site.id,
            componentType: 'component',
            observedValue: dropped,
            observedUnit: 'lines',
            status: dropped > 0 ? 'warn' : 'pass',
            ...(dropped > 0 && {
              output: `the daily log cap (SIGHTLINE_LOG_BYTES_PER_DAY) dropped ${dropped} lines today after ${usage!.bytes} bytes kept`,
            }),
          };
        }),
      );
    },
    ...(deps.scheduler && {
      'scheduler:lastTickAge': async () => {
        const info = await deps.scheduler!();
        if (!info.running)
          return { componentType: 'component', status: 'fail', output: 'the scheduler is not running' };
        if (info.lastTickAt === null)
          return { componentType: 'component', status: 'warn', output: 'no tick recorded yet' };
        const age = Math.max(0, clock() - info.lastTickAt);
        const status = age > 10 * info.everyMs ? 'fail' : age > 3 * info.everyMs ? 'warn' : 'pass';
        return {
          componentType: 'component',
          observedValue: Math.round(age / 100) / 10,
          observedUnit: 's',
          status,
          ...(status === 'pass' ? {} : { output: `last tick ${ages(age)} ago` }),
        };
      },
    }),
    'notifier:queue': async () => {
      if (!deps.notifierQueue)
        return {
          componentType: 'component',
          status: 'pass',
          output: 'not configured: no notification channels yet',
        };
      const n = await deps.notifierQueue();
      return {
        componentType: 'component',
        observedValue: n,
        observedUnit: 'notifications',
        status: n >= 100 ? 'warn' : 'pass',
      };
    },
  };
}

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const entries = Object.entries(probes(deps));
  const results = await Promise.all(entries.map(([, probe]) => measure(deps, probe)));
  const checks = Object.fromEntries(entries.map(([key], i) => [key, results[i]]));
  const status = worst(results.flat().map((c) => c.status));
  const failing = entries.flatMap(([key], i) => (results[i].some((c) => c.status !== 'pass') ? [key] : []));
  return { status, ...(status === 'pass' ? {} : { output: `not passing: ${failing.join(', ')}` }), checks };
}

/** Ready to serve: storage answers, the schema is migrated, the scheduler (if any) runs. */
export async function checkReady(deps: HealthDeps): Promise<{ status: HealthStatus; output?: string }> {
  const reasons: string[] = [];
  const timeout = deps.checkTimeoutMs ?? 1_000;
  try {
    await deadline(deps.store.ping(), timeout);
    const applied = await deadline(deps.store.appliedMigrations(), timeout);
    const missing = deps.migrations
      ? deps.migrations.filter((m) => !applied.includes(m))
      : applied.length
        ? []
        : ['all'];
    if (missing.length) reasons.push(`migrations not applied: ${missing.join(', ')}`);
  } catch (e) {
    reasons.push(`storage unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (deps.scheduler && !(await deps.scheduler()).running) reasons.push('the scheduler is not running');
  return reasons.length ? { status: 'fail', output: reasons.join('; ') } : { status: 'pass' };
}
