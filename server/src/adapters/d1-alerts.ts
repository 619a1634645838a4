// The alerting Store methods on D1, spread into the store by createD1Store.
// Multi-statement writes are one D1 batch: one transaction.
import type { AlertStore } from '../core/alerts/model';
import {
  ALERT_SQL as A, definitionParams, deliveryParams, evaluationStatements, historyParams, notificationsParams, silenceParams,
  toHistory, toInstance, toNotification, toSilence, toStoredChannel, toStoredRule,
  type DefinitionRow, type HistoryRow, type InstanceRow, type NotificationRow, type SilenceRow,
} from './sql-alerts';

export function d1Alerts(db: D1Database): AlertStore {
  const q = (sql: string, ...params: readonly unknown[]) => db.prepare(sql).bind(...params);
  const all = async <T>(sql: string, ...params: readonly unknown[]) => (await q(sql, ...params).all<T>()).results;
  const changes = async (sql: string, ...params: readonly unknown[]) => (await q(sql, ...params).run()).meta.changes;

  return {
    async listAlertRules() {
      return (await all<DefinitionRow>(A.rules.list)).map(toStoredRule);
    },
    async getAlertRule(id) {
      const row = await q(A.rules.get, id).first<DefinitionRow>();
      return row ? toStoredRule(row) : null;
    },
    async putAlertRule(rule, source, now) {
      await q(A.rules.upsert, ...definitionParams(rule, source, now)).run();
    },
    async deleteAlertRule(id) {
      return (await changes(A.rules.delete, id)) === 1;
    },
    async listChannels() {
      return (await all<DefinitionRow>(A.channels.list)).map(toStoredChannel);
    },
    async getChannel(id) {
      const row = await q(A.channels.get, id).first<DefinitionRow>();
      return row ? toStoredChannel(row) : null;
    },
    async putChannel(channel, source, now) {
      await q(A.channels.upsert, ...definitionParams(channel, source, now)).run();
    },
    async deleteChannel(id) {
      return (await changes(A.channels.delete, id)) === 1;
    },
    async alertInstances() {
      return (await all<InstanceRow>(A.instances)).map(toInstance);
    },
    async alertGroups() {
      return (await all<{ data: string }>(A.groups)).map((r) => JSON.parse(r.data));
    },
    async saveEvaluation(w) {
      const statements = evaluationStatements(w, w.at);
      if (statements.length) await db.batch(statements.map(([sql, params]) => q(sql, ...params)));
    },
    async alertHistory(o) {
      return (await all<HistoryRow>(A.history, ...historyParams(o))).map(toHistory);
    },
    async ackAlert(alertId, by, at) {
      if (((await q(A.instanceExists, alertId).first<number>('n')) ?? 0) === 0) return false;
      // The history row is written only by the batch whose insert took: a repeated ack adds nothing.
      const [inserted] = await db.batch([q(A.insertAck, alertId, at, by, alertId)]);
      if (inserted.meta.changes === 1) await q(A.ackHistory, at, by, alertId).run();
      return true;
    },
    async putSilence(silence, now) {
      await q(A.insertSilence, ...silenceParams(silence, now)).run();
    },
    async listSilences() {
      return (await all<SilenceRow>(A.silences)).map(toSilence);
    },
    async expireSilence(id, now) {
      return (await changes(A.expireSilence, now, id)) === 1;
    },
    async claimNotifications(now, leaseMs, limit) {
      return (await all<NotificationRow>(A.claimNotifications, now + leaseMs, now, limit)).map(toNotification);
    },
    async recordDelivery(id, attempt, next) {
      await q(A.recordDelivery, ...deliveryParams(id, attempt, next, attempt.at, attempt.ok ? null : attempt.error)).run();
    },
    async listNotifications(o) {
      return (await all<NotificationRow>(A.notifications, ...notificationsParams(o))).map(toNotification);
    },
    async pendingNotifications() {
      return (await q(A.pendingCount).first<number>('n')) ?? 0;
    },
  };
}
