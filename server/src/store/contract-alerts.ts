// The Store contract for alerting: run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import { defineChannel, defineRule } from '../core/alerts/config';
import type { AlertInstance, EvaluationWrite, StoredNotification } from '../ports';
import type { Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const rule = defineRule({
  id: 'errs',
  name: 'Errors',
  condition: { type: 'error_rate' },
  threshold: 0.05,
  severity: 'critical',
  channels: ['hook'],
});
const channel = defineChannel({
  id: 'hook',
  type: 'webhook',
  url: 'https://hooks.example/x',
  secret: 'sixteen-chars-at-least',
});

const instance = (
  fingerprint: string,
  id: string,
  state: AlertInstance['state'] = 'firing',
): AlertInstance => ({
  id,
  fingerprint,
  ruleId: 'errs',
  siteId: 'site_a',
  labels: { rule: 'errs', site: 'site_a' },
  state,
  value: 0.2,
  activeAt: NOW,
  firedAt: NOW,
  keepFiringSince: null,
  nodataSince: null,
  resolvedAt: null,
  lastEvalAt: NOW,
  escalatedAt: null,
});
const note = (id: string, createdAt = NOW): StoredNotification => ({
  id,
  channelId: 'hook',
  groupKey: 'g',
  kind: 'firing',
  status: 'pending',
  attempts: [],
  createdAt,
  nextAttemptAt: createdAt,
  sentAt: null,
  lastError: null,
  payload: {
    groupKey: 'g',
    receiver: 'hook',
    status: 'firing',
    alerts: [{ id: 'al_1' } as never],
    externalURL: 'x',
    dashboardURL: 'y',
  },
});
const write = (w: Partial<EvaluationWrite>): EvaluationWrite => ({
  at: NOW,
  instances: [],
  removed: [],
  history: [],
  groups: [],
  removedGroups: [],
  notifications: [],
  ...w,
});

export function alertsContract(getStore: () => Store) {
  it('alerts: stores rules and channels, replaces and deletes them', async () => {
    const store = getStore();
    await store.putAlertRule(rule, 'api', NOW);
    await store.putAlertRule(rule, 'api', NOW + 1); // unchanged: keeps updatedAt
    expect(await store.getAlertRule('errs')).toEqual({
      ...rule,
      source: 'api',
      createdAt: NOW,
      updatedAt: NOW,
    });
    await store.putAlertRule({ ...rule, threshold: 0.1 }, 'file', NOW + 2);
    expect(await store.listAlertRules()).toEqual([
      { ...rule, threshold: 0.1, source: 'file', createdAt: NOW, updatedAt: NOW + 2 },
    ]);
    expect(await store.deleteAlertRule('errs')).toBe(true);
    expect(await store.deleteAlertRule('errs')).toBe(false);
    await store.putChannel(channel, 'file', NOW);
    expect(await store.listChannels()).toEqual([
      { ...channel, source: 'file', createdAt: NOW, updatedAt: NOW },
    ]);
    expect(await store.getChannel('nope')).toBeNull();
    expect(await store.deleteChannel('hook')).toBe(true);
  });

  it('alerts: writes an evaluation atomically; acknowledgements survive the evaluator’s rewrites', async () => {
    const store = getStore();
    const group = {
      channelId: 'hook',
      key: 'g',
      createdAt: NOW,
      nextFlushAt: NOW + 30_000,
      lastSentAt: null,
      firing: ['al_1'],
    };
    await store.saveEvaluation(
      write({
        instances: [instance('f1', 'al_1'), instance('f2', 'al_2', 'pending')],
        history: [
          {
            alertId: 'al_1',
            ruleId: 'errs',
            siteId: 'site_a',
            event: 'firing',
            at: NOW,
            value: 0.2,
            labels: { site: 'site_a' },
          },
        ],
        groups: [group],
        notifications: [note('n1')],
      }),
    );
    expect((await store.alertInstances()).map((i) => [i.id, i.state, i.ack])).toEqual([
      ['al_1', 'firing', null],
      ['al_2', 'pending', null],
    ]);
    expect(await store.alertGroups()).toEqual([group]);
    expect(await store.ackAlert('al_1', 'ops', NOW + 5)).toBe(true);
    expect(await store.ackAlert('al_1', 'other', NOW + 6)).toBe(true); // once is enough
    expect(await store.ackAlert('al_9', 'ops', NOW)).toBe(false);
    await store.saveEvaluation(
      write({
        instances: [{ ...instance('f1', 'al_1'), value: 0.3 }],
        removed: ['f2'],
        removedGroups: [{ channelId: 'hook', key: 'g' }],
      }),
    );
    expect((await store.alertInstances()).map((i) => [i.id, i.value, i.ack])).toEqual([
      ['al_1', 0.3, { at: NOW + 5, by: 'ops' }],
    ]);
    expect(await store.alertGroups()).toEqual([]);
    const history = await store.alertHistory({ from: 0, to: NOW + 10, limit: 10 });
    expect(history.map((h) => [h.event, h.note ?? null, h.value, h.labels])).toEqual([
      ['acknowledged', 'ops', 0.2, { rule: 'errs', site: 'site_a' }],
      ['firing', null, 0.2, { site: 'site_a' }],
    ]);
    expect(await store.alertHistory({ from: 0, to: NOW + 10, limit: 10, alertId: 'al_2' })).toEqual([]);
    expect(
      await store.alertHistory({ from: NOW + 1, to: NOW + 10, limit: 10, ruleId: 'errs', siteId: 'site_a' }),
    ).toHaveLength(1);
  });

  it('alerts: silences start, end and expire', async () => {
    const store = getStore();
    await store.putSilence(
      {
        id: 's1',
        rule: 'errs',
        site: null,
        startsAt: NOW,
        endsAt: NOW + 3_600_000,
        createdBy: 'ops',
        comment: 'deploy',
      },
      NOW,
    );
    expect(await store.listSilences()).toEqual([
      {
        id: 's1',
        rule: 'errs',
        site: null,
        startsAt: NOW,
        endsAt: NOW + 3_600_000,
        createdBy: 'ops',
        comment: 'deploy',
      },
    ]);
    expect(await store.expireSilence('s1', NOW + 60_000)).toBe(true);
    expect((await store.listSilences())[0].endsAt).toBe(NOW + 60_000);
    expect(await store.expireSilence('nope', NOW)).toBe(false);
  });

  it('alerts: claims each due notification once, records attempts, prunes old ones', async () => {
    const store = getStore();
    await store.saveEvaluation(write({ notifications: [note('n1'), note('n2', NOW + 10_000)] }));
    expect(await store.pendingNotifications()).toBe(2);
    const [claimed, ...rest] = await store.claimNotifications(NOW, 60_000, 10);
    expect(rest).toEqual([]);
    expect(claimed).toMatchObject({
      id: 'n1',
      nextAttemptAt: NOW + 60_000,
      payload: { alerts: [{ id: 'al_1' }] },
    });
    expect(await store.claimNotifications(NOW + 1, 60_000, 10)).toEqual([]); // leased
    await store.recordDelivery(
      'n1',
      { at: NOW + 5, ok: false, status: 503, error: 'busy' },
      { status: 'pending', nextAttemptAt: NOW + 2_000 },
    );
    await store.recordDelivery(
      'n1',
      { at: NOW + 2_000, ok: true, status: 200, error: null },
      { status: 'sent', nextAttemptAt: NOW + 2_000 },
    );
    const [n1] = await store.listNotifications({ limit: 10, status: 'sent' });
    expect(n1).toMatchObject({
      id: 'n1',
      status: 'sent',
      sentAt: NOW + 2_000,
      lastError: null,
      attempts: [
        { status: 503, error: 'busy' },
        { ok: true, status: 200 },
      ],
    });
    expect((await store.listNotifications({ limit: 10, alertId: 'al_1' })).map((n) => n.id)).toEqual([
      'n2',
      'n1',
    ]);
    expect(await store.listNotifications({ limit: 10, alertId: 'al_x' })).toEqual([]);
    expect(await store.pendingNotifications()).toBe(1);
    await store.saveEvaluation(write({ pruneBefore: NOW + 1 }));
    expect((await store.listNotifications({ limit: 10 })).map((n) => n.id)).toEqual(['n2']); // pending ones stay
  });
}
