// The email a notification becomes: subject `[SEVERITY] rule name`, a plain-text
// body with value, threshold, since and the dashboard link. Runtime-free; the
// SMTP transport (smtp.ts, nodemailer) sends it on Node.
import type { NotificationPayload } from '../ports';
import type { DeliveryResult } from '../ports';

export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface EmailChannel {
  id: string;
  from: string;
  to: string[];
  smtp: { host: string; port: number; secure: boolean; requireTLS: boolean; user?: string; pass?: string };
}

/** Sends one message over a channel's SMTP settings. */
export type SendEmail = (channel: EmailChannel, message: EmailMessage) => Promise<DeliveryResult>;

const fmt = (v: number | null) => (v === null ? 'no data' : String(Number(v.toPrecision(4))));

export function emailOf(channel: EmailChannel, payload: NotificationPayload): EmailMessage {
  const first = payload.alerts[0];
  const resolved = payload.status === 'resolved';
  const subject = `[${first.severity.toUpperCase()}] ${first.name}${resolved ? ' (resolved)' : ''}`;
  const blocks = payload.alerts.map((a) =>
    [
      `${a.status.toUpperCase()}: ${a.annotations.summary}`,
      `  Value:     ${fmt(a.value)}`,
      `  Threshold: ${a.comparison} ${fmt(a.threshold)}`,
      `  Since:     ${new Date(a.startsAt).toISOString()}`,
      ...(a.endsAt !== null ? [`  Resolved:  ${new Date(a.endsAt).toISOString()}`] : []),
      ...(a.siteId ? [`  Site:      ${a.siteId}`] : []),
      ...(a.labels.route ? [`  Route:     ${a.labels.route}`] : []),
      ...(a.annotations.description ? [`  ${a.annotations.description}`] : []),
      ...(a.annotations.runbook_url ? [`  Runbook:   ${a.annotations.runbook_url}`] : []),
      `  Details:   ${a.generatorURL}`,
    ].join('\n'),
  );
  const text = [
    `${first.name} (${first.severity})`,
    '',
    ...blocks,
    '',
    `Dashboard: ${payload.dashboardURL}`,
    '',
  ].join('\n');
  return { from: channel.from, to: channel.to, subject, text };
}
