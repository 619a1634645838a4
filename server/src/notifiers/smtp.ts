// Email over SMTP with nodemailer (Node only: the Worker has no SMTP here). One
// pooled transport per channel configuration. SMTP 4xx replies and connection
// failures are retried; 5xx replies are permanent.
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryResult } from '../ports';
import type { EmailChannel, SendEmail } from './email';

export function createSmtpSender(): SendEmail & { close(): void } {
  const transports = new Map<string, Transporter>();
  const transportFor = (channel: EmailChannel) => {
    const key = JSON.stringify(channel.smtp);
    let t = transports.get(key);
    if (!t) {
      const { host, port, secure, requireTLS, user, pass } = channel.smtp;
      t = nodemailer.createTransport({
        host,
        port,
        secure,
        requireTLS,
        ...(user ? { auth: { user, pass: pass ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      transports.set(key, t);
    }
    return t;
  };
  const send: SendEmail = async (channel, message): Promise<DeliveryResult> => {
    try {
      const info = await transportFor(channel).sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return { ok: true, status: Number(String(info.response).slice(0, 3)) || 250, retryable: false };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      return {
        ok: false,
        status: code ?? null,
        retryable: code === undefined || code < 500,
        error: e instanceof Error ? e.message : String(e),
      };
    }
  };
  return Object.assign(send, { close: () => transports.forEach((t) => t.close()) });
}
