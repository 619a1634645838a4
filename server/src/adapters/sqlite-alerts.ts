// The alerting Store methods on SQLite (better-sqlite3), spread into the store by createSqliteStore.
import type Database from 'better-sqlite3';
import type { AlertStore } from '../core/alerts/model';
import {
  ALERT_SQL as A, definitionParams, deliveryParams, evaluationStatements, historyParams, notificationsParams, silenceParams,
  toHistory, toInstance, toNotification, toSilence, toStoredChannel, toStoredRule,
  type DefinitionRow, type HistoryRow, type InstanceRow, type NotificationRow, type SilenceRow,
} from './sql-alerts';

type Query = (sql: string) => Database.Statement;

export function sqliteAlerts(db: Database.Database, q: Query): AlertStore {
  const write = db.transaction((statements: [string, readonly unknown[]][]) => {
    for (const [sql, params] of statements) q(sql).run(...params);
  });
  const ack = db.transaction((alertId: string, by: string, at: number) => {
    if ((q(A.instanceExists).get(alertId) as { n: number }).n === 0) return false;
    if (q(A.insertAck).run(alertId, at, by, alertId).changes === 1) q(A.ackHistory).run(at, by, alertId);
    return true;
  });

  return {
    async listAlertRules() {
      return (q(A.rules.list).all() as DefinitionRow[]).map(toStoredRule);
    },
    async getAlertRule(id) {
      const row = q(A.rules.get).get(id) as DefinitionRow | undefined;
      return row ? toStoredRule(row) : null;
    },
    async putAlertRule(rule, source, now) {
      q(A.rules.upsert).run(...definitionParams(rule, source, now));
    },
    async deleteAlertRule(id) {
      return q(A.rules.delete).run(id).changes === 1;
    },
    async listChannels() {
      return (q(A.channels.list).all() as DefinitionRow[]).map(toStoredChannel);
    },
    async getChannel(id) {
      const row = q(A.channels.get).get(id) as DefinitionRow | undefined;
      return row ? toStoredChannel(row) : null;
    },
    async putChannel(channel, source, now) {
      q(A.channels.upsert).run(...definitionParams(channel, source, now));
    },
    async deleteChannel(id) {
      return q(A.channels.delete).run(id).changes === 1;
    },
    async alertInstances() {
      return (q(A.instances).all() as InstanceRow[]).map(toInstance);
    },
    async alertGroups() {
      return (q(A.groups).pluck().all() as string[]).map((d) => JSON.parse(d));
    },
    async saveEvaluation(w) {
      write(evaluationStatements(w, w.at));
    },
    async alertHistory(o) {
      return (q(A.history).all(...historyParams(o)) as HistoryRow[]).map(toHistory);
    },
    async ackAlert(alertId, by, at) {
      return ack(alertId, by, at);
    },
    async putSilence(silence, now) {
      q(A.insertSilence).run(...silenceParams(silence, now));
    },
    async listSilences() {
      return (q(A.silences).all() as SilenceRow[]).map(toSilence);
    },
    async expireSilence(id, now) {
      return q(A.expireSilence).run(now, id).changes === 1;
    },
    async claimNotifications(now, leaseMs, limit) {
      return (q(A.claimNotifications).all(now + leaseMs, now, limit) as NotificationRow[]).map(toNotification);
    },
    async recordDelivery(id, attempt, next) {
      q(A.recordDelivery).run(...deliveryParams(id, attempt, next, attempt.at, attempt.ok ? null : attempt.error));
    },
    async listNotifications(o) {
      return (q(A.notifications).all(...notificationsParams(o)) as NotificationRow[]).map(toNotification);
    },
    async pendingNotifications() {
      return (q(A.pendingCount).get() as { n: number }).n;
    },
  };
}
