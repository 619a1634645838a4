// PagerDuty Events API v2: one event per alert, `trigger` while firing and
// `resolve` once resolved, with a dedup_key stable for the alert's series
// (rule + fingerprint), so a repeat updates the incident and the resolve closes it.
// https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
import type { NotificationPayload, NotifiedAlert } from '../ports';
import type { DeliveryResult } from '../ports';
import { postJson, sequence, type Fetch } from './http';

export const dedupKeyOf = (a: Pick<NotifiedAlert, 'ruleId' | 'fingerprint'>) =>
  `sightline:${a.ruleId}:${a.fingerprint}`;

const SEVERITY = { critical: 'critical', warning: 'warning', info: 'info' } as const;

export function pagerDutyEvent(routingKey: string, a: NotifiedAlert, payload: NotificationPayload) {
  if (a.status === 'resolved')
    return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKeyOf(a) };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKeyOf(a),
    payload: {
      summary: a.annotations.summary.slice(0, 1024),
      source: new URL(payload.externalURL).host || 'sightline',
      severity: SEVERITY[a.severity],
      timestamp: new Date(a.startsAt).toISOString(),
      component: a.labels.route ?? a.labels.check ?? a.siteId,
      group: a.siteId,
      class: a.ruleId,
      custom_details: {
        value: a.value,
        threshold: `${a.comparison} ${a.threshold}`,
        since: new Date(a.startsAt).toISOString(),
        labels: a.labels,
      },
    },
    links: [{ href: payload.dashboardURL, text: 'Sightline dashboard' }],
    client: 'Sightline',
    client_url: payload.dashboardURL,
  };
}

export function sendPagerDuty(
  fetchFn: Fetch,
  channel: { url: string; routingKey: string },
  payload: NotificationPayload,
): Promise<DeliveryResult> {
  // PagerDuty deduplicates by key, so retrying the whole list after a partial failure is safe.
  return sequence(
    payload.alerts.map(
      (a) => () =>
        postJson(fetchFn, channel.url, JSON.stringify(pagerDutyEvent(channel.routingKey, a, payload))),
    ),
  );
}
