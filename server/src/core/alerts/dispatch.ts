// From alerts to notifications, like Alertmanager: per channel, alerts are grouped
// by rule and site; a new group waits group_wait, then flushes every group_interval
// when something changed, and repeats after repeat_interval while firing and not
// acknowledged. Unlike Alertmanager, a group whose alerts all resolved says so at
// once (alertmanager#1510). Silences hide alerts; critical alerts unacknowledged
// after their rule's `escalate.after` go to the escalation channels. Pure.
import type { Silence } from '../../../../shared/alerts';
import type {
  AlertInstance,
  HistoryEntry,
  NotificationGroup,
  NotificationKind,
  NotificationPayload,
  NotifiedAlert,
  StoredChannel,
  StoredNotification,
  StoredRule,
} from '../../ports';

export interface DispatchInput {
  now: number;
  rules: StoredRule[];
  channels: StoredChannel[];
  silences: Silence[];
  instances: AlertInstance[];
  groups: NotificationGroup[];
  externalUrl: string;
  newId: () => string;
}

export interface DispatchResult {
  groups: NotificationGroup[];
  removedGroups: { channelId: string; key: string }[];
  notifications: StoredNotification[];
  /** Instances that changed here (escalated). */
  instances: AlertInstance[];
  history: HistoryEntry[];
}

export const isSilenced = (i: Pick<AlertInstance, 'ruleId' | 'siteId'>, silences: Silence[], now: number) =>
  silences.some(
    (s) =>
      s.startsAt <= now &&
      now < s.endsAt &&
      (!s.rule || s.rule === i.ruleId) &&
      (!s.site || s.site === i.siteId),
  );

/** Alertmanager-style group key: `{}:{rule="…",site="…"}`. */
export const groupKeyOf = (i: Pick<AlertInstance, 'ruleId' | 'siteId'>) =>
  `{}:{rule="${i.ruleId}",site="${i.siteId}"}`;

const fmt = (v: number | null) =>
  v === null ? 'no data' : Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));

export function alertLinks(externalUrl: string, i: Pick<AlertInstance, 'id' | 'ruleId' | 'siteId'>) {
  return {
    self: `${externalUrl}/v1/alerts/${i.id}`,
    dashboard: `${externalUrl}/dashboard/alerts?${new URLSearchParams({ ...(i.siteId ? { site: i.siteId } : {}), rule: i.ruleId, alert: i.id })}`,
  };
}

export function notifiedAlert(i: AlertInstance, rule: StoredRule, externalUrl: string): NotifiedAlert {
  const status = i.state === 'resolved' ? 'resolved' : 'firing';
  const summary = `${rule.name}: ${fmt(i.value)} ${rule.comparison} ${fmt(rule.threshold)}${i.labels.route ? ` on ${i.labels.route}` : ''}${i.labels.check ? ` (${i.labels.check})` : ''}`;
  return {
    id: i.id,
    fingerprint: i.fingerprint,
    status,
    ruleId: rule.id,
    name: rule.name,
    severity: rule.severity,
    siteId: i.siteId,
    labels: i.labels,
    annotations: {
      summary,
      ...(rule.description ? { description: rule.description } : {}),
      ...(rule.runbookUrl ? { runbook_url: rule.runbookUrl } : {}),
    },
    value: i.value,
    threshold: rule.threshold,
    comparison: rule.comparison,
    startsAt: i.firedAt ?? i.activeAt,
    endsAt: i.resolvedAt,
    generatorURL: alertLinks(externalUrl, i).self,
  };
}

export function dispatch(input: DispatchInput): DispatchResult {
  const { now, externalUrl } = input;
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const channels = new Map(input.channels.map((c) => [c.id, c]));
  const out: DispatchResult = {
    groups: [],
    removedGroups: [],
    notifications: [],
    instances: [],
    history: [],
  };
  const notify = (channelId: string, key: string, kind: NotificationKind, alerts: AlertInstance[]) => {
    const notified = alerts.map((i) => notifiedAlert(i, rules.get(i.ruleId)!, externalUrl));
    const payload: NotificationPayload = {
      groupKey: key,
      receiver: channelId,
      status: notified.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
      alerts: notified,
      externalURL: externalUrl,
      dashboardURL: alertLinks(externalUrl, alerts[0]).dashboard,
    };
    out.notifications.push({
      id: input.newId(),
      channelId,
      groupKey: key,
      kind,
      status: 'pending',
      payload,
      attempts: [],
      createdAt: now,
      nextAttemptAt: now,
      sentAt: null,
      lastError: null,
    });
  };

  // Visible alerts per channel and group.
  const buckets = new Map<
    string,
    { channelId: string; key: string; firing: AlertInstance[]; resolved: AlertInstance[] }
  >();
  for (const i of input.instances) {
    const rule = rules.get(i.ruleId);
    if (!rule || (i.state !== 'firing' && i.state !== 'resolved') || isSilenced(i, input.silences, now))
      continue;
    for (const channelId of rule.channels) {
      if (!channels.has(channelId)) continue;
      const id = `${channelId}\u0000${groupKeyOf(i)}`;
      const b =
        buckets.get(id) ??
        buckets.set(id, { channelId, key: groupKeyOf(i), firing: [], resolved: [] }).get(id)!;
      (i.state === 'firing' ? b.firing : b.resolved).push(i);
    }
  }
  const existing = new Map(input.groups.map((g) => [`${g.channelId}\u0000${g.key}`, g]));
  for (const id of new Set([...buckets.keys(), ...existing.keys()])) {
    const b = buckets.get(id);
    const prev = existing.get(id);
    const channelId = b?.channelId ?? prev!.channelId;
    const key = b?.key ?? prev!.key;
    const channel = channels.get(channelId);
    const firing = b?.firing ?? [];
    if (!channel) {
      if (prev) out.removedGroups.push({ channelId, key });
      continue;
    }
    if (!prev && !firing.length) continue;
    const group: NotificationGroup = prev
      ? { ...prev }
      : {
          channelId,
          key,
          createdAt: now,
          nextFlushAt: now + channel.groupWait,
          lastSentAt: null,
          firing: [],
        };
    const sent = new Set(group.firing);
    const resolved = (b?.resolved ?? []).filter((i) => sent.has(i.id));
    if (!firing.length) {
      // Everything resolved: say so now. Resolved before group_wait (nothing sent): say nothing.
      if (resolved.length && channel.sendResolved) notify(channelId, key, 'resolved', resolved);
      if (prev) out.removedGroups.push({ channelId, key });
      continue;
    }
    if (now >= group.nextFlushAt) {
      const changed = firing.some((i) => !sent.has(i.id)) || resolved.length > 0;
      const repeat =
        group.lastSentAt !== null &&
        now - group.lastSentAt >= channel.repeatInterval &&
        firing.some((i) => !i.ack);
      if (changed || repeat) {
        notify(channelId, key, changed ? 'firing' : 'repeat', [
          ...firing,
          ...(channel.sendResolved ? resolved : []),
        ]);
        group.lastSentAt = now;
        group.firing = firing.map((i) => i.id);
      }
      group.nextFlushAt = now + channel.groupInterval;
    }
    out.groups.push(group);
  }
  escalate(input, rules, channels, out, notify);
  return out;
}

/** Critical, firing, unacknowledged and unsilenced for `escalate.after`: once to the escalation channels. */
function escalate(
  input: DispatchInput,
  rules: Map<string, StoredRule>,
  channels: Map<string, StoredChannel>,
  out: DispatchResult,
  notify: (c: string, k: string, kind: NotificationKind, a: AlertInstance[]) => void,
) {
  for (const i of input.instances) {
    const rule = rules.get(i.ruleId);
    if (
      !rule?.escalate ||
      rule.severity !== 'critical' ||
      i.state !== 'firing' ||
      i.ack ||
      i.escalatedAt !== null ||
      i.firedAt === null
    )
      continue;
    if (input.now - i.firedAt < rule.escalate.after || isSilenced(i, input.silences, input.now)) continue;
    const escalated = { ...i, escalatedAt: input.now };
    for (const channelId of rule.escalate.channels)
      if (channels.has(channelId))
        notify(channelId, `${groupKeyOf(i)}:escalation`, 'escalation', [escalated]);
    out.instances.push(escalated);
    out.history.push({
      alertId: i.id,
      ruleId: i.ruleId,
      siteId: i.siteId,
      event: 'escalated',
      at: input.now,
      value: i.value,
      labels: i.labels,
      note: rule.escalate.channels.join(', '),
    });
  }
}
