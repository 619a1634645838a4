// What the alert engine keeps: rules, channels, instances, history, acknowledgements,
// silences, notification groups and the notification outbox. Multi-statement writes
// are one transaction.
import type { AlertRule, Channel, Silence } from '../../../shared/alerts';
import type {
  AlertInstance,
  AlertStore,
  EvaluationWrite,
  HistoryEntry,
  NotificationGroup,
  SqlExecutor,
  Statement,
  StoredChannel,
  StoredNotification,
  StoredRule,
} from '../ports';

const DEF_COLUMNS = 'id, source, config, created_at, updated_at';
const NOTE_COLUMNS =
  'id, channel_id, group_key, kind, status, payload, attempts, created_at, next_attempt_at, sent_at, last_error';

/** Rules and channels share a shape: id, source, JSON config. */
const definitions = (table: string) => ({
  list: `SELECT ${DEF_COLUMNS} FROM ${table} ORDER BY id`,
  get: `SELECT ${DEF_COLUMNS} FROM ${table} WHERE id = ?`,
  // An unchanged definition keeps its updated_at.
  upsert: `INSERT INTO ${table} (id, source, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET source = excluded.source, config = excluded.config, updated_at = excluded.updated_at
    WHERE ${table}.config <> excluded.config OR ${table}.source <> excluded.source`,
  delete: `DELETE FROM ${table} WHERE id = ?`,
});

const ALERT_SQL = {
  rules: definitions('alert_rules'),
  channels: definitions('alert_channels'),

  instances: `SELECT i.data, a.at AS ack_at, a.by AS ack_by FROM alert_instances AS i
    LEFT JOIN alert_acks AS a ON a.alert_id = i.id ORDER BY i.rule_id, i.fingerprint`,
  upsertInstance: `INSERT INTO alert_instances (fingerprint, id, rule_id, site_id, state, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (fingerprint) DO UPDATE SET id = excluded.id, rule_id = excluded.rule_id, site_id = excluded.site_id,
      state = excluded.state, data = excluded.data, updated_at = excluded.updated_at`,
  deleteInstance: 'DELETE FROM alert_instances WHERE fingerprint = ?',

  insertHistory:
    'INSERT INTO alert_history (alert_id, rule_id, site_id, event, at, data) VALUES (?, ?, ?, ?, ?, ?)',
  // from, to, alert twice, rule twice, site twice, limit.
  history: `SELECT alert_id, rule_id, site_id, event, at, data FROM alert_history
    WHERE at BETWEEN ? AND ? AND (? IS NULL OR alert_id = ?) AND (? IS NULL OR rule_id = ?) AND (? IS NULL OR site_id = ?)
    ORDER BY seq DESC LIMIT ?`,
  // alert id, at, by, alert id again.
  insertAck: `INSERT INTO alert_acks (alert_id, at, by) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM alert_instances WHERE id = ?)
    ON CONFLICT (alert_id) DO NOTHING`,
  // at, who, alert id.
  ackHistory: `INSERT INTO alert_history (alert_id, rule_id, site_id, event, at, data)
    SELECT id, rule_id, site_id, 'acknowledged', ?, json_object('value', json(data) -> '$.value', 'labels', json(data) -> '$.labels', 'note', ?)
    FROM alert_instances WHERE id = ?`,
  instanceExists: 'SELECT COUNT(*) AS n FROM alert_instances WHERE id = ?',

  groups: 'SELECT data FROM alert_groups ORDER BY channel_id, group_key',
  upsertGroup: `INSERT INTO alert_groups (channel_id, group_key, data) VALUES (?, ?, ?)
    ON CONFLICT (channel_id, group_key) DO UPDATE SET data = excluded.data`,
  deleteGroup: 'DELETE FROM alert_groups WHERE channel_id = ? AND group_key = ?',

  insertSilence: `INSERT INTO alert_silences (id, rule_id, site_id, starts_at, ends_at, created_by, comment, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  silences:
    'SELECT id, rule_id, site_id, starts_at, ends_at, created_by, comment FROM alert_silences ORDER BY starts_at DESC, id',
  // now, id.
  expireSilence: 'UPDATE alert_silences SET ends_at = MIN(ends_at, ?) WHERE id = ?',

  insertNotification: `INSERT INTO alert_notifications (${NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO NOTHING`,
  // lease until, now, limit. One statement: a notification is claimed by one deliverer only.
  claimNotifications: `UPDATE alert_notifications SET next_attempt_at = ?
    WHERE id IN (SELECT id FROM alert_notifications WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)
    RETURNING ${NOTE_COLUMNS}`,
  // attempt JSON, status, next attempt, status again, at, error, id.
  recordDelivery: `UPDATE alert_notifications SET attempts = json_insert(attempts, '$[#]', json(?)), status = ?, next_attempt_at = ?,
    sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, last_error = ? WHERE id = ?`,
  // status twice, channel twice, alert id twice, limit.
  notifications: `SELECT ${NOTE_COLUMNS} FROM alert_notifications
    WHERE (? IS NULL OR status = ?) AND (? IS NULL OR channel_id = ?)
      AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(payload, '$.alerts') AS a WHERE json_extract(a.value, '$.id') = ?))
    ORDER BY created_at DESC, id DESC LIMIT ?`,
  pendingCount: "SELECT COUNT(*) AS n FROM alert_notifications WHERE status = 'pending'",

  pruneHistory: 'DELETE FROM alert_history WHERE at < ?',
  pruneNotifications: "DELETE FROM alert_notifications WHERE status <> 'pending' AND created_at < ?",
  pruneSilences: 'DELETE FROM alert_silences WHERE ends_at < ?',
  pruneAcks: 'DELETE FROM alert_acks WHERE at < ? AND alert_id NOT IN (SELECT id FROM alert_instances)',
} as const;

interface DefinitionRow {
  id: string;
  source: string;
  config: string;
  created_at: number;
  updated_at: number;
}

const toStoredRule = (r: DefinitionRow): StoredRule => ({
  ...(JSON.parse(r.config) as AlertRule),
  source: r.source as StoredRule['source'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const toStoredChannel = (r: DefinitionRow): StoredChannel => ({
  ...(JSON.parse(r.config) as Channel),
  source: r.source as StoredChannel['source'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const definitionParams = (def: { id: string }, source: string, now: number) =>
  [def.id, source, JSON.stringify(def), now, now] as const;

interface InstanceRow {
  data: string;
  ack_at: number | null;
  ack_by: string | null;
}
const toInstance = (r: InstanceRow): AlertInstance => ({
  ...(JSON.parse(r.data) as AlertInstance),
  ack: r.ack_at === null ? null : { at: r.ack_at, by: r.ack_by ?? '' },
});

interface HistoryRow {
  alert_id: string;
  rule_id: string;
  site_id: string;
  event: HistoryEntry['event'];
  at: number;
  data: string;
}
const toHistory = (r: HistoryRow): HistoryEntry => {
  const data = JSON.parse(r.data) as Pick<HistoryEntry, 'value' | 'labels' | 'note'>;
  return {
    alertId: r.alert_id,
    ruleId: r.rule_id,
    siteId: r.site_id,
    event: r.event,
    at: r.at,
    value: data.value ?? null,
    labels: data.labels ?? {},
    ...(data.note ? { note: data.note } : {}),
  };
};

interface SilenceRow {
  id: string;
  rule_id: string | null;
  site_id: string | null;
  starts_at: number;
  ends_at: number;
  created_by: string;
  comment: string;
}
const toSilence = (r: SilenceRow): Silence => ({
  id: r.id,
  rule: r.rule_id,
  site: r.site_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  createdBy: r.created_by,
  comment: r.comment,
});
const silenceParams = (s: Silence, now: number) =>
  [s.id, s.rule, s.site, s.startsAt, s.endsAt, s.createdBy, s.comment, now] as const;

interface NotificationRow {
  id: string;
  channel_id: string;
  group_key: string;
  kind: StoredNotification['kind'];
  status: StoredNotification['status'];
  payload: string;
  attempts: string;
  created_at: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}
const toNotification = (r: NotificationRow): StoredNotification => ({
  id: r.id,
  channelId: r.channel_id,
  groupKey: r.group_key,
  kind: r.kind,
  status: r.status,
  payload: JSON.parse(r.payload),
  attempts: JSON.parse(r.attempts),
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  sentAt: r.sent_at,
  lastError: r.last_error,
});
const notificationParams = (n: StoredNotification) =>
  [
    n.id,
    n.channelId,
    n.groupKey,
    n.kind,
    n.status,
    JSON.stringify(n.payload),
    JSON.stringify(n.attempts),
    n.createdAt,
    n.nextAttemptAt,
    n.sentAt,
    n.lastError,
  ] as const;

const groupParams = (g: NotificationGroup) => [g.channelId, g.key, JSON.stringify(g)] as const;

/** The statements of one evaluation's write, in order, as [sql, params]. */
function evaluationStatements(w: EvaluationWrite, now: number): Statement[] {
  const out: Statement[] = [];
  for (const i of w.instances) {
    const { ack: _, ...data } = i;
    out.push([
      ALERT_SQL.upsertInstance,
      [i.fingerprint, i.id, i.ruleId, i.siteId, i.state, JSON.stringify(data), now],
    ]);
  }
  for (const f of w.removed) out.push([ALERT_SQL.deleteInstance, [f]]);
  for (const h of w.history) {
    out.push([
      ALERT_SQL.insertHistory,
      [
        h.alertId,
        h.ruleId,
        h.siteId,
        h.event,
        h.at,
        JSON.stringify({ value: h.value, labels: h.labels, ...(h.note ? { note: h.note } : {}) }),
      ],
    ]);
  }
  for (const g of w.groups) out.push([ALERT_SQL.upsertGroup, groupParams(g)]);
  for (const g of w.removedGroups) out.push([ALERT_SQL.deleteGroup, [g.channelId, g.key]]);
  for (const n of w.notifications) out.push([ALERT_SQL.insertNotification, notificationParams(n)]);
  if (w.pruneBefore !== undefined) {
    for (const sql of [
      ALERT_SQL.pruneHistory,
      ALERT_SQL.pruneNotifications,
      ALERT_SQL.pruneSilences,
      ALERT_SQL.pruneAcks,
    ])
      out.push([sql, [w.pruneBefore]]);
  }
  return out;
}

const historyParams = (o: {
  from: number;
  to: number;
  limit: number;
  alertId?: string;
  ruleId?: string;
  siteId?: string;
}) =>
  [
    o.from,
    o.to,
    o.alertId ?? null,
    o.alertId ?? null,
    o.ruleId ?? null,
    o.ruleId ?? null,
    o.siteId ?? null,
    o.siteId ?? null,
    o.limit,
  ] as const;

const notificationsParams = (o: { limit: number; status?: string; channelId?: string; alertId?: string }) =>
  [
    o.status ?? null,
    o.status ?? null,
    o.channelId ?? null,
    o.channelId ?? null,
    o.alertId ?? null,
    o.alertId ?? null,
    o.limit,
  ] as const;

const deliveryParams = (
  id: string,
  attempt: unknown,
  next: { status: string; nextAttemptAt: number },
  at: number,
  error: string | null,
) => [JSON.stringify(attempt), next.status, next.nextAttemptAt, next.status, at, error, id] as const;

export function alertStore(exec: SqlExecutor): AlertStore {
  const A = ALERT_SQL;
  const changed = async (sql: string, ...params: unknown[]) => (await exec.run(sql, ...params)).changes === 1;
  return {
    async listAlertRules() {
      return (await exec.all<DefinitionRow>(A.rules.list)).map(toStoredRule);
    },
    async getAlertRule(id) {
      const row = await exec.get<DefinitionRow>(A.rules.get, id);
      return row ? toStoredRule(row) : null;
    },
    async putAlertRule(rule, source, now) {
      await exec.run(A.rules.upsert, ...definitionParams(rule, source, now));
    },
    deleteAlertRule: (id) => changed(A.rules.delete, id),
    async listChannels() {
      return (await exec.all<DefinitionRow>(A.channels.list)).map(toStoredChannel);
    },
    async getChannel(id) {
      const row = await exec.get<DefinitionRow>(A.channels.get, id);
      return row ? toStoredChannel(row) : null;
    },
    async putChannel(channel, source, now) {
      await exec.run(A.channels.upsert, ...definitionParams(channel, source, now));
    },
    deleteChannel: (id) => changed(A.channels.delete, id),
    async alertInstances() {
      return (await exec.all<InstanceRow>(A.instances)).map(toInstance);
    },
    async alertGroups() {
      return (await exec.all<{ data: string }>(A.groups)).map((r) => JSON.parse(r.data));
    },
    async saveEvaluation(w) {
      await exec.batch(evaluationStatements(w, w.at));
    },
    async alertHistory(o) {
      return (await exec.all<HistoryRow>(A.history, ...historyParams(o))).map(toHistory);
    },
    async ackAlert(alertId, by, at) {
      if (((await exec.get<{ n: number }>(A.instanceExists, alertId))?.n ?? 0) === 0) return false;
      // The history row is written only by the ack whose insert took: a repeated ack adds nothing.
      if (await changed(A.insertAck, alertId, at, by, alertId)) await exec.run(A.ackHistory, at, by, alertId);
      return true;
    },
    async putSilence(silence, now) {
      await exec.run(A.insertSilence, ...silenceParams(silence, now));
    },
    async listSilences() {
      return (await exec.all<SilenceRow>(A.silences)).map(toSilence);
    },
    expireSilence: (id, now) => changed(A.expireSilence, now, id),
    async claimNotifications(now, leaseMs, limit) {
      return (await exec.all<NotificationRow>(A.claimNotifications, now + leaseMs, now, limit)).map(
        toNotification,
      );
    },
    async recordDelivery(id, attempt, next) {
      await exec.run(
        A.recordDelivery,
        ...deliveryParams(id, attempt, next, attempt.at, attempt.ok ? null : attempt.error),
      );
    },
    async listNotifications(o) {
      return (await exec.all<NotificationRow>(A.notifications, ...notificationsParams(o))).map(
        toNotification,
      );
    },
    async pendingNotifications() {
      return (await exec.get<{ n: number }>(A.pendingCount))?.n ?? 0;
    },
  };
}
