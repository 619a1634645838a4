// The email a notification becomes: subject `[SEVERITY] rule name`, a plain-text
// body with value, threshold, since and the dashboard link, and that message as
// MIME text. Runtime-free; the SMTP transport (smtp.ts, nodemailer) sends it on
// Node, the send_email binding (cloudflare-email.ts) on Workers.
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
  /** Absent where the runtime sends email itself (the Worker's send_email binding). */
  smtp?: { host: string; port: number; secure: boolean; requireTLS: boolean; user?: string; pass?: string };
}

/** Sends one message for a channel: over its SMTP settings (Node) or the runtime's binding (Workers). */
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

/** A header value: ASCII as it is, anything else as an RFC 2047 encoded word (UTF-8, base64). */
function headerText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const bytes = new TextEncoder().encode(text);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

/** The body in base64, 76 characters a line (RFC 2045): any text, whatever its characters. */
function base64Lines(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return (btoa(binary).match(/.{1,76}/g) ?? []).join('\r\n');
}

/** One message to one recipient as RFC 5322 text, which the send_email binding takes raw. */
export function mimeOf(message: EmailMessage, to: string, messageId: string, date: Date): string {
  return [
    `From: ${message.from}`,
    `To: ${to}`,
    `Subject: ${headerText(message.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(message.text),
    '',
  ].join('\r\n');
}
