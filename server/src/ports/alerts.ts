// What the alert engine keeps, the Store methods that keep it, and Notify, the
// port every notifier implements (notifiers/). The engine itself is stateless
// between ticks: everything it needs to resume after a restart is here.
import type { AlertRule, AlertState, Channel, Severity, Silence } from '../../../shared/alerts';

export interface StoredRule extends AlertRule {
  /** `default`: built in; `file`: SIGHTLINE_RULES_FILE (read-only in the API); `api`: /v1/alerts/rules. */
  source: 'default' | 'file' | 'api';
  createdAt: number;
  updatedAt: number;
}

export type StoredChannel = Channel & { source: 'file' | 'api'; createdAt: number; updatedAt: number };

/**
 * One series of a rule that is not inactive. `id` names one episode: a series
 * that resolves and breaches again is a new alert with a new id.
 */
export interface AlertInstance {
  id: string;
  /** hash(rule id + sorted labels): the series' identity. */
  fingerprint: string;
  ruleId: string;
  siteId: string;
  labels: Record<string, string>;
  state: AlertState;
  value: number | null;
  /** When it went pending (Prometheus' ActiveAt). */
  activeAt: number;
  firedAt: number | null;
  /** The first evaluation that missed while firing (Prometheus' KeepFiringSince). */
  keepFiringSince: number | null;
  /** Since when a firing alert has had no data (it keeps firing: no data is not OK). */
  nodataSince: number | null;
  resolvedAt: number | null;
  lastEvalAt: number;
  escalatedAt: number | null;
  /** Set by the store from the acknowledgements; the evaluator never writes it. */
  ack?: { at: number; by: string } | null;
}

export type HistoryEvent = 'pending' | 'firing' | 'resolved' | 'nodata' | 'acknowledged' | 'escalated';

export interface HistoryEntry {
  alertId: string;
  ruleId: string;
  siteId: string;
  event: HistoryEvent;
  at: number;
  value: number | null;
  labels: Record<string, string>;
  /** Who acknowledged, and anything else worth keeping. */
  note?: string;
}

/** Alertmanager's aggregation group, per channel: when it next flushes and what it last said. */
export interface NotificationGroup {
  channelId: string;
  key: string;
  createdAt: number;
  nextFlushAt: number;
  lastSentAt: number | null;
  /** Ids of the alerts last notified as firing. */
  firing: string[];
}

/** One alert inside a notification: what every notifier renders from. */
export interface NotifiedAlert {
  id: string;
  fingerprint: string;
  status: 'firing' | 'resolved';
  ruleId: string;
  name: string;
  severity: Severity;
  siteId: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  value: number | null;
  threshold: number;
  comparison: string;
  startsAt: number;
  endsAt: number | null;
  generatorURL: string;
}

export interface NotificationPayload {
  groupKey: string;
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: NotifiedAlert[];
  externalURL: string;
  /** The dashboard page for this group's alerts. */
  dashboardURL: string;
}

export type NotificationKind = 'firing' | 'resolved' | 'repeat' | 'escalation';

export interface DeliveryAttempt {
  at: number;
  ok: boolean;
  /** The receiver's HTTP status (or SMTP reply code); null when none came. */
  status: number | null;
  error: string | null;
}

export interface StoredNotification {
  id: string;
  channelId: string;
  groupKey: string;
  kind: NotificationKind;
  status: 'pending' | 'sent' | 'failed';
  payload: NotificationPayload;
  attempts: DeliveryAttempt[];
  createdAt: number;
  nextAttemptAt: number;
  sentAt: number | null;
  lastError: string | null;
}

/** Everything one evaluation tick changes, written atomically. */
export interface EvaluationWrite {
  /** When the evaluation ran. */
  at: number;
  instances: AlertInstance[];
  /** Fingerprints of instances gone inactive (or resolved long enough ago). */
  removed: string[];
  history: HistoryEntry[];
  groups: NotificationGroup[];
  removedGroups: { channelId: string; key: string }[];
  notifications: StoredNotification[];
  /** History, finished notifications and expired silences older than this are dropped. */
  pruneBefore?: number;
}

export interface AlertStore {
  listAlertRules(): Promise<StoredRule[]>;
  getAlertRule(id: string): Promise<StoredRule | null>;
  /** Creates or replaces a rule (an unchanged one keeps updatedAt). */
  putAlertRule(rule: AlertRule, source: StoredRule['source'], now: number): Promise<void>;
  deleteAlertRule(id: string): Promise<boolean>;

  listChannels(): Promise<StoredChannel[]>;
  getChannel(id: string): Promise<StoredChannel | null>;
  putChannel(channel: Channel, source: StoredChannel['source'], now: number): Promise<void>;
  deleteChannel(id: string): Promise<boolean>;

  /** Every instance, with its acknowledgement. */
  alertInstances(): Promise<AlertInstance[]>;
  alertGroups(): Promise<NotificationGroup[]>;
  saveEvaluation(write: EvaluationWrite): Promise<void>;
  /** Newest first. */
  alertHistory(opts: {
    from: number;
    to: number;
    limit: number;
    alertId?: string;
    ruleId?: string;
    siteId?: string;
  }): Promise<HistoryEntry[]>;
  /** Acknowledges an alert (false if none has this id); recorded in the history. */
  ackAlert(alertId: string, by: string, at: number): Promise<boolean>;

  putSilence(silence: Silence, now: number): Promise<void>;
  listSilences(): Promise<Silence[]>;
  /** Ends a silence now; false if there is none. */
  expireSilence(id: string, now: number): Promise<boolean>;

  /**
   * Claims pending notifications due at `now`: each is leased (its next attempt
   * moved to now + leaseMs) atomically, so one is never sent by two deliverers at once.
   */
  claimNotifications(now: number, leaseMs: number, limit: number): Promise<StoredNotification[]>;
  /** Records one attempt and what follows it. */
  recordDelivery(
    id: string,
    attempt: DeliveryAttempt,
    next: { status: StoredNotification['status']; nextAttemptAt: number },
  ): Promise<void>;
  /** Newest first. */
  listNotifications(opts: {
    limit: number;
    status?: StoredNotification['status'];
    channelId?: string;
    alertId?: string;
  }): Promise<StoredNotification[]>;
  /** Notifications waiting to be delivered. */
  pendingNotifications(): Promise<number>;
}

export interface DeliveryResult {
  ok: boolean;
  /** HTTP status (or SMTP reply code) of the answer; null when none came. */
  status: number | null;
  retryable: boolean;
  /** From a Retry-After header. */
  retryAfterMs?: number;
  error?: string;
}

/** Sends one notification through one channel (server/src/notifiers). Rejecting counts as a network error. */
export type Notify = (
  channel: StoredChannel,
  payload: NotificationPayload,
  kind: NotificationKind,
) => Promise<DeliveryResult>;
