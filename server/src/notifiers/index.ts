// The notifiers: one Notify for the deliverer, by channel type. HTTP channels
// use fetch (Node and Workers alike); email needs an SMTP sender (Node). Every
// target passes the outbound address policy first (core/synthetic/guard.ts), the
// one synthetic checks pass: IP literals and localhost names here, each resolved
// address at connect time in the Node transports (notifiers/node-transports.ts).
import type { DeliveryResult, Notify } from '../ports';
import { addressPolicy, refuseChannel, type AddressPolicy } from '../core/synthetic/guard';
import { emailOf, type SendEmail } from './email';
import type { Fetch } from './http';
import { sendPagerDuty } from './pagerduty';
import { sendSlack } from './slack';
import { sendWebhook } from './webhook';

export interface NotifierDeps {
  fetch?: Fetch;
  /** Absent where SMTP is not available (the Worker): email channels then fail, unretried. */
  sendEmail?: SendEmail;
  /** Which addresses a channel may reach; by default public ones only (SIGHTLINE_ALLOW_PRIVATE_TARGETS unset). */
  policy?: AddressPolicy;
}

const refusedResult = (reason: string): DeliveryResult => ({
  ok: false,
  status: null,
  retryable: false,
  error: `refused: ${reason}`,
});

export function createNotify(deps: NotifierDeps = {}): Notify {
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init));
  const policy = deps.policy ?? addressPolicy(false);
  return async (channel, payload) => {
    // Checked at send time too: a channel stored before the policy, from the rules file, or a policy since tightened.
    const refused = refuseChannel(channel, policy);
    if (refused) return refusedResult(refused.reason);
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
