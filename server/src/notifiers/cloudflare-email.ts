// Email on Workers: Cloudflare's `send_email` binding (Email Routing), one message
// per recipient as raw MIME (email.ts `mimeOf`). Cloudflare delivers only to
// destination addresses verified in Email Routing and from a sender on the zone: such
// a refusal is permanent, not retried. https://developers.cloudflare.com/email-routing/email-workers/send-email-workers/
import { EmailMessage } from 'cloudflare:email';
import type { DeliveryResult } from '../ports';
import { mimeOf, type SendEmail } from './email';

/** The binding as wrangler.jsonc's `send_email` gives it (workers-types' SendEmail). */
export interface EmailBinding {
  send(message: EmailMessage): Promise<unknown>;
}

/** `Sightline <alerts@example.edu>` → `alerts@example.edu`: the envelope sender the binding checks. */
const addressOf = (from: string) => /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();

export function createBindingSender(binding: EmailBinding, now: () => number = Date.now): SendEmail {
  return async (_channel, message): Promise<DeliveryResult> => {
    const from = addressOf(message.from);
    const domain = from.split('@')[1] ?? 'sightline.invalid';
    const failed: string[] = [];
    for (const to of message.to) {
      const id = `${crypto.randomUUID()}@${domain}`;
      try {
        await binding.send(new EmailMessage(from, to, mimeOf(message, to, id, new Date(now()))));
      } catch (e) {
        failed.push(`${to}: ${(e as Error).message}`);
      }
    }
    if (!failed.length) return { ok: true, status: null, retryable: false };
    // An address Email Routing does not allow stays refused; anything else may pass on a retry.
    const permanent = failed.every((f) => /not allowed|not verified|invalid/i.test(f));
    return { ok: false, status: null, retryable: !permanent, error: `send_email: ${failed.join('; ')}` };
  };
}
