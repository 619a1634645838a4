// Generic webhook: the Alertmanager v4 webhook JSON, as is, so anything that
// takes Alertmanager's webhook takes ours. With a secret, the body is signed:
// `X-Sightline-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
// https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
import type { NotificationPayload, NotifiedAlert } from '../ports';
import type { DeliveryResult } from '../ports';
import { postJson, type Fetch } from './http';

/** Alertmanager's zero time for an alert without an end. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface WebhookChannel {
  id: string;
  url: string;
  secret?: string;
  maxAlerts: number;
}

const common = <T>(items: Record<string, T>[]) =>
  Object.fromEntries(Object.entries(items[0] ?? {}).filter(([k, v]) => items.every((i) => i[k] === v)));

export function webhookBody(payload: NotificationPayload, maxAlerts = 0) {
  const alerts = maxAlerts > 0 ? payload.alerts.slice(0, maxAlerts) : payload.alerts;
  const first = payload.alerts[0];
  return {
    version: '4',
    groupKey: payload.groupKey,
    truncatedAlerts: payload.alerts.length - alerts.length,
    status: payload.status,
    receiver: payload.receiver,
    groupLabels: { rule: first.ruleId, ...(first.siteId ? { site: first.siteId } : {}) },
    commonLabels: common(payload.alerts.map((a) => a.labels)),
    commonAnnotations: common(payload.alerts.map((a) => a.annotations)),
    externalURL: payload.externalURL,
    alerts: alerts.map((a: NotifiedAlert) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: a.endsAt === null ? ZERO_TIME : new Date(a.endsAt).toISOString(),
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
  };
}

/** `sha256=<hex>`: HMAC-SHA256 of the body with the secret (Web Crypto, so Workers too). */
export async function signature(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export async function sendWebhook(
  fetchFn: Fetch,
  channel: WebhookChannel,
  payload: NotificationPayload,
): Promise<DeliveryResult> {
  const body = JSON.stringify(webhookBody(payload, channel.maxAlerts));
  const headers: Record<string, string> = { 'x-sightline-group-key': payload.groupKey };
  if (channel.secret) headers['x-sightline-signature'] = await signature(channel.secret, body);
  return postJson(fetchFn, channel.url, body, headers);
}
