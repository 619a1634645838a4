// Slack incoming webhook: a fallback text, blocks (header, summary, value /
// threshold / since fields, a dashboard link), and one attachment for the
// coloured bar, by severity (green once resolved). Slack answers 200 `ok`.
// https://api.slack.com/messaging/webhooks
import type { NotificationPayload } from '../ports';
import type { DeliveryResult } from '../ports';
import { postJson, type Fetch } from './http';

export const SLACK_COLOURS = {
  critical: '#E01E5A',
  warning: '#ECB22E',
  info: '#36C5F0',
  resolved: '#2EB67D',
} as const;

const fmt = (v: number | null) => (v === null ? 'no data' : String(Number(v.toPrecision(4))));

export function slackBody(payload: NotificationPayload) {
  const first = payload.alerts[0];
  const firing = payload.alerts.filter((a) => a.status === 'firing');
  const head =
    payload.status === 'firing' ? `[FIRING:${firing.length}] ${first.name}` : `[RESOLVED] ${first.name}`;
  const text = `${head}${first.siteId ? ` – ${first.siteId}` : ''}`.slice(0, 150);
  const colour = payload.status === 'resolved' ? SLACK_COLOURS.resolved : SLACK_COLOURS[first.severity];
  const lines = payload.alerts
    .slice(0, 10)
    .map((a) => `${a.status === 'firing' ? '🔴' : '✅'} ${a.annotations.summary}`);
  return {
    text,
    attachments: [
      {
        color: colour,
        fallback: text,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text } },
          { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
          {
            type: 'section',
            fields: [
              { type: 'mrkdwn', text: `*Severity*\n${first.severity}` },
              { type: 'mrkdwn', text: `*Value*\n${fmt(first.value)}` },
              { type: 'mrkdwn', text: `*Threshold*\n${first.comparison} ${fmt(first.threshold)}` },
              { type: 'mrkdwn', text: `*Since*\n${new Date(first.startsAt).toISOString()}` },
            ],
          },
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `<${payload.dashboardURL}|Open in the Sightline dashboard>` }],
          },
        ],
      },
    ],
  };
}

export function sendSlack(
  fetchFn: Fetch,
  channel: { url: string },
  payload: NotificationPayload,
): Promise<DeliveryResult> {
  return postJson(fetchFn, channel.url, JSON.stringify(slackBody(payload)));
}
