// One evaluation tick: measure every enabled rule, step each series through the
// state machine, plan notifications, and write it all in one transaction. The
// evaluator keeps nothing in memory between ticks: a new one on the same store
// (after a restart) carries on where the last left off, without re-paging.
import type { Clock, Store } from '../../ports';
import { checkHealth, type HealthReport } from '../health';
import { hashHex } from '../../../../shared/hash';
import { randomId } from '../ids';
import { dispatch } from './dispatch';
import { measure } from './measure';
import type { AlertInstance, EvaluationWrite } from '../../ports';
import { outcomeOf, RESOLVED_RETENTION_MS, step, type Sample } from './state';

/** History and finished notifications are kept this long. */
export const ALERT_HISTORY_RETENTION_MS = 30 * 86_400_000;

export interface AlertEngineDeps {
  store: Store;
  clock: Clock;
  /** Where links in notifications and the API point (SIGHTLINE_PUBLIC_URL, else the server's own address). */
  externalUrl: string;
  /** Sightline's own health, for health_check rules (core/health.ts over the store by default). */
  health?: () => Promise<HealthReport>;
  /** Batches accepted but not yet written, for ingest_backlog rules (Node's commit thread, the Workers Queue); no data when absent. */
  backlog?: () => number | Promise<number>;
  newId?: () => string;
}

export interface EvaluationSummary {
  at: number;
  rules: number;
  firing: number;
  pending: number;
  notifications: number;
  /** Rules whose measurement failed this tick (their alerts were left as they were). */
  errors: { rule: string; error: string }[];
}

/** A series' identity: the rule and the labels that tell its series apart. */
export function fingerprintOf(ruleId: string, labels: Record<string, string>): string {
  const keys = ['site', 'route', 'check'].filter((k) => labels[k] !== undefined);
  return hashHex(`${ruleId}\u0000${keys.map((k) => `${k}=${labels[k]}`).join('\u0000')}`);
}

export async function evaluateAlerts(deps: AlertEngineDeps): Promise<EvaluationSummary> {
  const { store } = deps;
  const now = deps.clock();
  const newId = deps.newId ?? (() => randomId('al', 16));
  const [allRules, sites, previous] = await Promise.all([
    store.listAlertRules(),
    store.listSites(),
    store.alertInstances(),
  ]);
  const rules = allRules.filter((r) => r.enabled);
  let health: Promise<HealthReport> | undefined;
  const ownHealth = () => checkHealth({ store, clock: deps.clock, backlog: deps.backlog });
  const measureDeps = {
    store,
    now,
    sites,
    backlog: deps.backlog,
    health: () => (health ??= (deps.health ?? ownHealth)()),
  };

  const byFingerprint = new Map(previous.map((i) => [i.fingerprint, i]));
  const next = new Map<string, AlertInstance | null>();
  const write: EvaluationWrite = {
    at: now,
    instances: [],
    removed: [],
    history: [],
    groups: [],
    removedGroups: [],
    notifications: [],
  };
  const errors: EvaluationSummary['errors'] = [];

  const advance = (rule: (typeof rules)[number], fingerprint: string, sample: Sample, forced?: 'clear') => {
    const prev = byFingerprint.get(fingerprint) ?? null;
    const active = prev?.state === 'pending' || prev?.state === 'firing';
    const outcome = forced ?? outcomeOf(rule, sample, active);
    const result = step(prev, {
      rule: forced ? { ...rule, keepFiringFor: 0 } : rule,
      fingerprint,
      sample,
      outcome,
      now,
      newId,
    });
    next.set(fingerprint, result.next);
    write.history.push(...result.history);
  };

  for (const rule of rules) {
    let samples: Sample[];
    try {
      samples = await measure(measureDeps, rule);
    } catch (e) {
      errors.push({ rule: rule.id, error: e instanceof Error ? e.message : String(e) });
      for (const i of previous) if (i.ruleId === rule.id) next.set(i.fingerprint, i);
      continue;
    }
    for (const s of samples) advance(rule, fingerprintOf(rule.id, s.labels), s);
    // A series that vanished (its route saw no traffic, its check was deleted) has no data.
    for (const i of previous) {
      if (i.ruleId === rule.id && !next.has(i.fingerprint))
        advance(rule, i.fingerprint, { siteId: i.siteId, labels: i.labels, value: null, samples: 0 });
    }
  }
  // Alerts of rules deleted or disabled resolve (and say so).
  for (const i of previous) {
    if (next.has(i.fingerprint)) continue;
    const rule = allRules.find((r) => r.id === i.ruleId);
    if (rule)
      advance(
        rule,
        i.fingerprint,
        { siteId: i.siteId, labels: i.labels, value: i.value, samples: 0 },
        'clear',
      );
    else next.set(i.fingerprint, i.state === 'resolved' ? i : null);
  }

  const current: AlertInstance[] = [];
  for (const [fingerprint, i] of next) {
    if (!i || (i.state === 'resolved' && now - (i.resolvedAt ?? now) > RESOLVED_RETENTION_MS)) {
      if (byFingerprint.has(fingerprint)) write.removed.push(fingerprint);
      continue;
    }
    current.push({
      ...i,
      ack: byFingerprint.get(fingerprint)?.id === i.id ? byFingerprint.get(fingerprint)!.ack : null,
    });
  }

  const [channels, silences, groups] = await Promise.all([
    store.listChannels(),
    store.listSilences(),
    store.alertGroups(),
  ]);
  const planned = dispatch({
    now,
    rules: allRules,
    channels,
    silences,
    instances: current,
    groups,
    externalUrl: deps.externalUrl,
    newId: () => randomId('ntf', 16),
  });
  const escalated = new Map(planned.instances.map((i) => [i.fingerprint, i]));
  write.instances = current.map((i) => escalated.get(i.fingerprint) ?? i);
  Object.assign(write, {
    groups: planned.groups,
    removedGroups: planned.removedGroups,
    notifications: planned.notifications,
  });
  write.history.push(...planned.history);
  // Pruning once an hour is plenty.
  if (now % 3_600_000 < 60_000) write.pruneBefore = now - ALERT_HISTORY_RETENTION_MS;
  await store.saveEvaluation(write);

  return {
    at: now,
    rules: rules.length,
    errors,
    notifications: planned.notifications.length,
    firing: current.filter((i) => i.state === 'firing').length,
    pending: current.filter((i) => i.state === 'pending').length,
  };
}
