// The notifiers against real receivers on 127.0.0.1: a webhook server checking the
// Alertmanager JSON and HMAC signature, Slack- and PagerDuty-shaped receivers, a
// local SMTP server, and receivers that answer 503 then 200, or 429 with Retry-After.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../core/alerts/deliver';
import { runAlerting } from '../core/alerts/job';
import type { StoredChannel } from '../ports';
import { openStore, requests, rule, SITE, T0 } from '../../test/alerts';
import type { Store } from '../ports';
import { addressPolicy } from '../core/synthetic/guard';
import { createNotify } from './index';
import { createGuardedFetch } from './node-transports';
import { createSmtpSender } from './smtp';

// The receivers listen on 127.0.0.1: allowed as SIGHTLINE_ALLOW_PRIVATE_TARGETS=true allows it.
const PRIVATE_ALLOWED = addressPolicy(true);

const M = 60_000;
const SECRET = 'a-webhook-secret-of-32-characters';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((c) => c()))));

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** An HTTP receiver; `answer` picks each response (by 1-based request number). */
async function receiver(
  answer: (n: number) => { status: number; headers?: Record<string, string>; body?: string } = () => ({
    status: 200,
    body: 'ok',
  }),
) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      const a = answer(got.length);
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

async function smtpReceiver() {
  const mails: { from: string; to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let data = '';
      stream.on('data', (d) => (data += d));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { port: (server.server.address() as AddressInfo).port, mails };
}

const timing = { sendResolved: true, groupWait: 0, groupInterval: 300_000, repeatInterval: 14_400_000 };

async function channel(store: Store, c: Record<string, unknown>) {
  await store.putChannel({ ...timing, ...c } as StoredChannel, 'api', T0);
}

function engine(store: Store, smtp = createSmtpSender({ policy: PRIVATE_ALLOWED })) {
  closers.push(async () => smtp.close());
  const clock = { now: T0 };
  const deps = {
    store,
    clock: () => clock.now,
    externalUrl: 'http://sightline.test',
    notify: createNotify({
      policy: PRIVATE_ALLOWED,
      fetch: createGuardedFetch(PRIVATE_ALLOWED),
      sendEmail: smtp,
    }),
    random: () => 0.5,
  };
  return { clock, deps, tick: async (at: number) => ((clock.now = at), runAlerting(deps)) };
}

describe('notifiers, end to end through the evaluator', () => {
  it('webhook, Slack, PagerDuty and email each get the firing and then the resolved notification', async () => {
    const { store } = await openStore();
    const [hook, slack, pd, smtp] = await Promise.all([
      receiver(),
      receiver(),
      receiver(() => ({ status: 202, body: '{"status":"success"}' })),
      smtpReceiver(),
    ]);
    await channel(store, { id: 'hook', type: 'webhook', url: hook.url, secret: SECRET, maxAlerts: 0 });
    await channel(store, { id: 'chat', type: 'slack', url: slack.url });
    await channel(store, {
      id: 'pd',
      type: 'pagerduty',
      url: pd.url,
      routingKey: 'R0UT1NGKEY0000000000000000000000',
    });
    await channel(store, {
      id: 'mail',
      type: 'email',
      from: 'sightline@example.test',
      to: ['ops@example.test'],
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false },
    });
    await rule(store, {
      id: 'high-error-rate',
      name: 'High Error Rate',
      condition: { type: 'error_rate' },
      threshold: 0.05,
      window: '1m',
      channels: ['hook', 'chat', 'pd', 'mail'],
    });
    const { tick } = engine(store);
    await requests(store, T0, 100, 20);
    await tick(T0);
    await requests(store, T0 + M, 100, 0);
    await tick(T0 + M);

    // Webhook: Alertmanager v4, signed.
    expect(hook.got).toHaveLength(2);
    for (const r of hook.got) {
      expect(r.headers['x-sightline-signature']).toBe(
        `sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`,
      );
      expect(r.headers['content-type']).toBe('application/json');
    }
    const [firing, resolved] = hook.got.map((r) => r.body);
    expect(firing).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'hook',
      truncatedAlerts: 0,
      externalURL: 'http://sightline.test',
      groupKey: `{}:{rule="high-error-rate",site="${SITE}"}`,
      groupLabels: { rule: 'high-error-rate', site: SITE },
      commonLabels: {
        alertname: 'High Error Rate',
        rule: 'high-error-rate',
        severity: 'critical',
        site: SITE,
      },
    });
    expect(firing.alerts).toEqual([
      {
        status: 'firing',
        labels: firing.commonLabels,
        annotations: { summary: 'High Error Rate: 0.2 > 0.05' },
        startsAt: new Date(T0).toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: expect.stringMatching(/^http:\/\/sightline\.test\/v1\/alerts\/al_/),
        fingerprint: expect.stringMatching(/^[0-9a-f]{14}$/),
      },
    ]);
    expect(resolved).toMatchObject({
      status: 'resolved',
      alerts: [
        {
          status: 'resolved',
          fingerprint: firing.alerts[0].fingerprint,
          endsAt: new Date(T0 + M).toISOString(),
        },
      ],
    });

    // Slack: colour by severity, then green; a link to the dashboard.
    expect(slack.got.map((r) => r.body.attachments[0].color)).toEqual(['#E01E5A', '#2EB67D']);
    expect(slack.got[0].body.text).toBe(`[FIRING:1] High Error Rate – ${SITE}`);
    expect(slack.got[1].body.text).toBe(`[RESOLVED] High Error Rate – ${SITE}`);
    expect(JSON.stringify(slack.got[0].body)).toContain(
      '<http://sightline.test/dashboard/alerts?site=site_a&rule=high-error-rate&alert=al_',
    );

    // PagerDuty: trigger then resolve, one dedup_key.
    const [trigger, resolve] = pd.got.map((r) => r.body);
    expect(trigger).toMatchObject({
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'trigger',
      payload: {
        severity: 'critical',
        source: 'sightline.test',
        summary: 'High Error Rate: 0.2 > 0.05',
        class: 'high-error-rate',
      },
    });
    expect(resolve).toEqual({
      routing_key: 'R0UT1NGKEY0000000000000000000000',
      event_action: 'resolve',
      dedup_key: trigger.dedup_key,
    });
    expect(trigger.dedup_key).toMatch(/^sightline:high-error-rate:[0-9a-f]{14}$/);

    // Email over SMTP.
    expect(smtp.mails.map((m) => m.to)).toEqual([['ops@example.test'], ['ops@example.test']]);
    expect(smtp.mails[0].data).toMatch(/^Subject: \[CRITICAL\] High Error Rate$/m);
    expect(smtp.mails[0].data).toMatch(/Value: +0\.2/);
    expect(smtp.mails[0].data).toMatch(/Threshold: > 0\.05/);
    expect(smtp.mails[0].data).toContain(`Since:     ${new Date(T0).toISOString()}`);
    expect(smtp.mails[0].data).toContain('Dashboard: http://sightline.test/dashboard/alerts');
    expect(smtp.mails[1].data).toMatch(/^Subject: \[CRITICAL\] High Error Rate \(resolved\)$/m);

    const log = await store.listNotifications({ limit: 20 });
    expect(log).toHaveLength(8);
    expect(log.every((n) => n.status === 'sent' && n.attempts.length === 1)).toBe(true);
  });
});

describe('delivery retries', () => {
  async function oneNotification(answer: Parameters<typeof receiver>[0]) {
    const { store } = await openStore();
    const r = await receiver(answer);
    await channel(store, { id: 'hook', type: 'webhook', url: r.url, maxAlerts: 0 });
    await rule(store, {
      id: 'errors',
      name: 'Errors',
      condition: { type: 'error_rate' },
      threshold: 0.05,
      window: '1m',
      channels: ['hook'],
    });
    const e = engine(store);
    await requests(store, T0, 100, 20);
    await e.tick(T0);
    return { store, r, ...e };
  }

  it('retries a 503 with backoff, then succeeds; nothing is sent twice', async () => {
    const { store, r, deps, clock } = await oneNotification((n) =>
      n === 1 ? { status: 503, body: 'busy' } : { status: 200 },
    );
    const [n] = await store.listNotifications({ limit: 5 });
    expect(n).toMatchObject({
      status: 'pending',
      attempts: [{ ok: false, status: 503, error: 'status 503' }],
    });
    expect(n.nextAttemptAt).toBe(T0 + 1500); // 2 s × 2^0 × (0.5 + 0.5/2)
    clock.now = T0 + 1499;
    expect(await deliverDue(deps)).toEqual([]);
    clock.now = T0 + 1500;
    expect(await deliverDue(deps)).toEqual([{ id: n.id, status: 'sent' }]);
    clock.now = T0 + M;
    expect(await deliverDue(deps)).toEqual([]);
    expect(r.got).toHaveLength(2);
    const [done] = await store.listNotifications({ limit: 5 });
    expect(done).toMatchObject({
      status: 'sent',
      sentAt: T0 + 1500,
      attempts: [{ status: 503 }, { ok: true, status: 200 }],
    });
  });

  it('honours Retry-After on a 429', async () => {
    const { store, r, deps, clock } = await oneNotification((n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 },
    );
    const [n] = await store.listNotifications({ limit: 5 });
    expect(n.nextAttemptAt).toBe(T0 + 7000);
    clock.now = T0 + 6999;
    expect(await deliverDue(deps)).toEqual([]);
    clock.now = T0 + 7000;
    expect(await deliverDue(deps)).toEqual([{ id: n.id, status: 'sent' }]);
    expect(r.got).toHaveLength(2);
  });

  it('gives up at once on a 400, and retries network errors', async () => {
    const { store } = await oneNotification(() => ({ status: 400, body: 'bad' }));
    expect((await store.listNotifications({ limit: 5 }))[0]).toMatchObject({
      status: 'failed',
      lastError: 'status 400',
    });

    const { store: s2 } = await openStore();
    await channel(s2, { id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/closed', maxAlerts: 0 });
    await rule(s2, {
      id: 'errors',
      name: 'Errors',
      condition: { type: 'error_rate' },
      threshold: 0.05,
      window: '1m',
      channels: ['hook'],
    });
    await requests(s2, T0, 100, 20);
    await engine(s2).tick(T0);
    const [n] = await s2.listNotifications({ limit: 5 });
    expect(n).toMatchObject({ status: 'pending', attempts: [{ ok: false, status: null }] });
    expect(n.lastError).toMatch(/fetch failed|ECONNREFUSED/);
  });
});
