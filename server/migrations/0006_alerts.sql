-- Alerting: rules, channels, alert instances (the Prometheus state machine's
-- state, so a restart neither re-pages nor forgets), their history, notification
-- groups (Alertmanager's grouping), silences, and the notification outbox with
-- its delivery log.

-- Definitions as JSON (shared/alerts.ts); source: default, file or api.
CREATE TABLE alert_rules (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('default', 'file', 'api')),
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE alert_channels (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('file', 'api')),
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per active series of a rule (inactive = no row); `id` names one episode
-- (pending → firing → resolved); a resolved row is kept a while for its notifications.
CREATE TABLE alert_instances (
  fingerprint TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'nodata', 'resolved')),
  data TEXT NOT NULL, -- the rest of the instance, JSON
  updated_at INTEGER NOT NULL
);
CREATE INDEX alert_instances_rule ON alert_instances (rule_id);

-- Acknowledgements, apart from the instances the evaluator rewrites every tick.
CREATE TABLE alert_acks (
  alert_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  by TEXT NOT NULL
);

CREATE TABLE alert_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  event TEXT NOT NULL,
  at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX alert_history_at ON alert_history (at);
CREATE INDEX alert_history_alert ON alert_history (alert_id);

-- Per channel and group key: when the group next flushes and what was last sent.
CREATE TABLE alert_groups (
  channel_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (channel_id, group_key)
) WITHOUT ROWID;

CREATE TABLE alert_silences (
  id TEXT PRIMARY KEY,
  rule_id TEXT,
  site_id TEXT,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The outbox: each notification is written with the evaluation that caused it,
-- then delivered (and retried) from here, so a restart neither loses nor repeats one.
CREATE TABLE alert_notifications (
  id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  payload TEXT NOT NULL,
  attempts TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT
);
CREATE INDEX alert_notifications_due ON alert_notifications (status, next_attempt_at);
CREATE INDEX alert_notifications_created ON alert_notifications (created_at);
