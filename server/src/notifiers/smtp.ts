// Email over SMTP with nodemailer (Node only: the Worker has no SMTP here). One
// transport per channel configuration and address. SMTP 4xx replies and connection
// failures are retried; 5xx replies are permanent. The host is resolved here and
// every address must pass the outbound policy; the connection then goes to the
// address checked (TLS still verifies the host's name), so DNS rebinding between
// the check and the connect cannot reach a refused address.
import { isIP } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DeliveryResult } from '../ports';
import { addressPolicy, type AddressPolicy } from '../core/synthetic/guard';
import type { EmailChannel, SendEmail } from './email';
import { resolvePassing, systemResolve, type Resolve } from './resolve';

export interface SmtpSenderOptions {
  /** Which addresses may be reached (default: public ones only). */
  policy?: AddressPolicy;
  resolve?: Resolve;
}

export function createSmtpSender(opts: SmtpSenderOptions = {}): SendEmail & { close(): void } {
  const policy = opts.policy ?? addressPolicy(false);
  const resolve = opts.resolve ?? systemResolve;
  const transports = new Map<string, Transporter>();
  const transportFor = (smtp: NonNullable<EmailChannel['smtp']>, address: string) => {
    const key = JSON.stringify([smtp, address]);
    let t = transports.get(key);
    if (!t) {
      const { host, port, secure, requireTLS, user, pass } = smtp;
      t = nodemailer.createTransport({
        host: address,
        ...(isIP(host.replace(/^\[|\]$/g, '')) ? {} : { servername: host }),
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
    if (!channel.smtp)
      return {
        ok: false,
        status: null,
        retryable: false,
        error: `channel ${channel.id} has no smtp settings: this server sends email over SMTP`,
      };
    const smtp = channel.smtp;
    let address: string;
    try {
      address = await resolvePassing(smtp.host, policy, resolve);
    } catch (e) {
      const refused = (e as { code?: string }).code === 'ETARGETREFUSED';
      return { ok: false, status: null, retryable: !refused, error: (e as Error).message };
    }
    try {
      const info = await transportFor(smtp, address).sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
      return { ok: true, status: Number(String(info.response).slice(0, 3)) || 250, retryable: false };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      // A reply's text is the server's own words: its code is kept, not the text.
      const kind = (e as { code?: string }).code ?? 'error';
      return {
        ok: false,
        status: code ?? null,
        retryable: code === undefined || code < 500,
        error:
          code === undefined
            ? `${kind}: ${e instanceof Error ? e.message : String(e)}`
            : `${kind}: SMTP reply ${code}`,
      };
    }
  };
  return Object.assign(send, { close: () => transports.forEach((t) => t.close()) });
}
