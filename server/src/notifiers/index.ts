// The notifiers: one Notify for the deliverer, by channel type. HTTP channels
// use fetch (Node and Workers alike); email needs an SMTP sender (Node).
import type { Notify } from '../ports';
import { emailOf, type SendEmail } from './email';
import type { Fetch } from './http';
import { sendPagerDuty } from './pagerduty';
import { sendSlack } from './slack';
import { sendWebhook } from './webhook';

export interface NotifierDeps {
  fetch?: Fetch;
  /** Absent where SMTP is not available (the Worker): email channels then fail, unretried. */
  sendEmail?: SendEmail;
}

export function createNotify(deps: NotifierDeps = {}): Notify {
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  return async (channel, payload) => {
    switch (channel.type) {
      case 'webhook':
        return sendWebhook(fetchFn, channel, payload);
      case 'slack':
        return sendSlack(fetchFn, channel, payload);
      case 'pagerduty':
        return sendPagerDuty(fetchFn, channel, payload);
      case 'email':
        if (!deps.sendEmail)
          return {
            ok: false,
            status: null,
            retryable: false,
            error: 'email needs SMTP, which this runtime does not have',
          };
        return deps.sendEmail(channel, emailOf(channel, payload));
    }
  };
}
