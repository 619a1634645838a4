// The outbound address policy for notification channels, against real listeners on
// 127.0.0.1: every loopback / private / metadata spelling refused at creation with a
// 400 naming the field; names that resolve to a refused address (DNS rebinding)
// refused at connect time; redirects never followed; no reply body or URL secret in
// what is recorded. Each listener counts what reached it: the figure that matters is 0.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationPayload, StoredChannel } from '../ports';
import { addressPolicy, type AddressPolicy } from '../core/synthetic/guard';
import { ADMIN_TOKEN, createTestApp, json } from '../../test/app';
import { createNotify } from './index';
import { createGuardedFetch } from './node-transports';
import { createSmtpSender } from './smtp';
import type { Resolve } from './resolve';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((c) => c()))));

/** An HTTP listener on `host` counting requests; `answer` picks the reply. */
async function listener(host = '127.0.0.1', answer = (res: import('node:http').ServerResponse) => res.end()) {
  const hits = { n: 0 };
  const server: Server = createServer((req, res) => {
    hits.n++;
    req.resume();
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, hits };
}

async function smtpListener() {
  const hits = { n: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_s, done) => (hits.n++, done()),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { port: (server.server.address() as AddressInfo).port, hits };
}

const payload: NotificationPayload = {
  status: 'firing',
  receiver: 'x',
  groupKey: 'g',
  externalURL: 'http://sightline.test',
  dashboardURL: 'http://sightline.test/dashboard',
  alerts: [
    {
      id: 'al_1',
      ruleId: 'r',
      siteId: 'site_a',
      name: 'R',
      severity: 'critical',
      status: 'firing',
      labels: { alertname: 'R' },
      annotations: { summary: 'R: 1 > 0' },
      value: 1,
      threshold: 0,
      comparison: '>',
      startsAt: 0,
      endsAt: null,
      generatorURL: 'http://sightline.test/v1/alerts/al_1',
      fingerprint: '00000000000000',
    },
  ],
} as unknown as NotificationPayload;

const timing = { sendResolved: true, groupWait: 0, groupInterval: 0, repeatInterval: 0 };
const hook = (url: string) =>
  ({ ...timing, id: 'h', type: 'webhook', url, maxAlerts: 0 }) as unknown as StoredChannel;

/** The Node transports under `policy`, with `resolve` standing in for DNS. */
function notifyWith(policy: AddressPolicy, resolve?: Resolve) {
  const smtp = createSmtpSender({ policy, resolve });
  closers.push(async () => smtp.close());
  return createNotify({ policy, fetch: createGuardedFetch(policy, resolve), sendEmail: smtp });
}

/** Every way of writing a loopback, private, link-local or metadata host we know of. */
function refusedHosts(port: number) {
  return [
    '127.0.0.1',
    '127.1',
    '127.0.0.1.',
    '2130706433',
    '0x7f000001',
    '0x7f.1',
    '0177.0.0.1',
    '017700000001',
    '127.000.000.001',
    'localhost',
    'LOCALHOST.',
    'a.localhost',
    '[::1]',
    '[0:0:0:0:0:0:0:1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '[::127.0.0.1]',
    '[64:ff9b::127.0.0.1]',
    '[2002:7f00:1::]',
    '0.0.0.0',
    '0',
    '[::]',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '[fd00:ec2::254]',
    '[fe80::1]',
    '[fd00::1]',
  ].map((h) => `${h}:${port}`);
}

describe('outbound policy for notification channels', () => {
  it('refuses every loopback, private and metadata spelling at creation, naming the field; none is reached', async () => {
    const t = await createTestApp();
    const target = await listener();
    const post = (body: unknown) =>
      t.request('/v1/alerts/channels', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const hosts = refusedHosts(target.port);
    let refused = 0;
    for (const [i, host] of hosts.entries()) {
      for (const type of ['webhook', 'slack', 'pagerduty'] as const) {
        const extra = type === 'pagerduty' ? { routingKey: 'R0UT1NG' } : {};
        const res = await post({ id: `c${i}-${type}`, type, url: `http://${host}/internal/admin`, ...extra });
        expect({ host, type, status: res.status }).toEqual({ host, type, status: 400 });
        expect(await json(res)).toMatchObject({ path: 'url' });
        refused++;
      }
      const smtpHost = host.slice(0, host.lastIndexOf(':'));
      const res = await post({
        id: `m${i}`,
        type: 'email',
        from: 'a@example.com',
        to: ['b@example.com'],
        smtp: { host: smtpHost, port: 25 },
      });
      expect({ smtpHost, status: res.status }).toEqual({ smtpHost, status: 400 });
      expect(await json(res)).toMatchObject({ path: 'smtp.host' });
      refused++;
    }
    expect(refused).toBe(hosts.length * 4);
    expect((await json(await t.get('/v1/alerts/channels'))).channels).toEqual([]);
    expect(target.hits.n).toBe(0);
  });

  it('refuses credentials in a channel URL and a runbook link that is not http(s)', async () => {
    const t = await createTestApp();
    const post = (path: string, body: unknown) =>
      t.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cred = await post('/v1/alerts/channels', {
      id: 'c',
      type: 'webhook',
      url: 'https://user:s3cret@hooks.example.com/x',
    });
    expect(cred.status).toBe(400);
    expect(await json(cred)).toMatchObject({ path: 'url', error: expect.stringMatching(/credentials/) });
    for (const runbookUrl of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd']) {
      const res = await post('/v1/alerts/rules', {
        name: 'R',
        condition: { type: 'error_rate' },
        threshold: 0.1,
        severity: 'warning',
        runbookUrl,
      });
      expect({ runbookUrl, status: res.status }).toEqual({ runbookUrl, status: 400 });
      expect(await json(res)).toMatchObject({ path: 'runbookUrl' });
    }
  });

  it('keeps SIGHTLINE_ALLOW_PRIVATE_TARGETS: private targets allowed, cloud metadata still refused', async () => {
    const t = await createTestApp(undefined, { allowPrivateTargets: true });
    const post = (url: string) =>
      t.request('/v1/alerts/channels', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'webhook', id: `c${Math.abs(url.length)}`, url }),
      });
    expect((await post('http://127.0.0.1:9/h')).status).toBe(201);
    const metadata = await post('http://169.254.169.254/latest/meta-data/');
    expect(metadata.status).toBe(400);
    expect(await json(metadata)).toMatchObject({ path: 'url' });
  });

  it('refuses at connect time a name that resolves to a refused address (DNS rebinding), HTTP and SMTP', async () => {
    const target = await listener();
    const mail = await smtpListener();
    // The name passed creation (it is not an IP literal); at send time it resolves to loopback,
    // or to a public address and loopback: either way nothing connects.
    for (const answer of [['127.0.0.1'], ['93.184.215.14', '127.0.0.1'], ['::ffff:127.0.0.1']]) {
      const resolve: Resolve = async () => answer.map((address) => ({ address, family: 4 }));
      const notify = notifyWith(addressPolicy(false), resolve);
      const r = await notify(hook(`http://rebind.example.test:${target.port}/h`), payload, 'firing');
      expect(r).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^refused: /) });
      const m = await notify(
        {
          ...timing,
          id: 'm',
          type: 'email',
          from: 'a@example.com',
          to: ['b@example.com'],
          smtp: { host: 'rebind.example.test', port: mail.port, secure: false, requireTLS: false },
        } as unknown as StoredChannel,
        payload,
        'firing',
      );
      expect(m).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^refused: /) });
    }
    // A channel stored before the policy (or from the rules file) is refused at send time too.
    const stored = await notifyWith(addressPolicy(false))(
      hook(`http://127.0.0.1:${target.port}/h`),
      payload,
      'firing',
    );
    expect(stored).toMatchObject({ ok: false, retryable: false });
    expect(target.hits.n).toBe(0);
    expect(mail.hits.n).toBe(0);
  });

  it('does not follow a redirect, so a refused address behind one is not reached', async () => {
    // 127.0.0.2 stands for an allowed public target here; 127.0.0.1 is refused.
    const refusedTarget = await listener('127.0.0.1');
    const allowTwo: AddressPolicy = (ip) => (ip === '127.0.0.2' ? null : addressPolicy(false)(ip));
    for (const status of [301, 302, 303, 307, 308]) {
      const redirector = await listener('127.0.0.2', (res) =>
        res.writeHead(status, { location: `http://127.0.0.1:${refusedTarget.port}/internal` }).end('moved'),
      );
      const r = await notifyWith(allowTwo)(hook(`http://127.0.0.2:${redirector.port}/h`), payload, 'firing');
      expect(r).toMatchObject({ ok: false, status, error: `status ${status} (redirects are not followed)` });
      expect(redirector.hits.n).toBe(1);
    }
    expect(refusedTarget.hits.n).toBe(0);
  });

  it('records neither the reply body nor the URL secret', async () => {
    const allow = addressPolicy(true);
    const target = await listener('127.0.0.1', (res) => res.writeHead(500).end('INTERNAL-ADMIN-PAGE'));
    const secretPath = '/services/T000/B000/XXXXSECRETXXXX';
    const answered = await notifyWith(allow)(
      hook(`http://127.0.0.1:${target.port}${secretPath}`),
      payload,
      'firing',
    );
    expect(answered).toMatchObject({ ok: false, status: 500, retryable: true, error: 'status 500' });
    // A network error: Node's text could name the URL; what is kept shows the origin only.
    const closed = await notifyWith(allow)(hook(`http://127.0.0.1:9${secretPath}?k=v`), payload, 'firing');
    expect(closed).toMatchObject({ ok: false, status: null, retryable: true });
    expect(closed.error).not.toMatch(/SECRET|k=v/);
  });
});
