// The alerts API in-process: rules (with their validation), channels (secrets hidden),
// active alerts, acknowledgement, silences, history and the delivery log.
import { describe, expect, it } from 'vitest';
import { installDefaults } from '../core/alerts/config';
import { runAlerting } from '../core/alerts/job';
import { requests, SITE, T0 } from '../../test/alerts';
import { sha256Hex } from '../core/ids';
import { ADMIN_TOKEN, createTestApp, json } from '../../test/app';

const READ = 'sl_read_alerts_token';

async function setup() {
  const t = await createTestApp(T0);
  await t.store.createSite({ id: SITE, key: 'sk_alerts', name: 'A', origins: ['*'] }, T0);
  await t.store.createToken({ id: 'tok_r', role: 'read', name: 'reader' }, await sha256Hex(READ), T0);
  await installDefaults(t.store, () => T0);
  const send = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    t.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const sent: string[] = [];
  const tick = async (at: number) => {
    t.clock.now = at;
    await runAlerting({
      store: t.store,
      clock: () => t.clock.now,
      externalUrl: 'http://sightline.test',
      notify: async (c, p, kind) => (
        sent.push(`${c.id}:${kind}`),
        { ok: true, status: 200, retryable: false }
      ),
    });
  };
  return { ...t, send, tick, sent };
}

const errors = {
  id: 'api-errors',
  name: 'API errors',
  condition: { type: 'error_rate' },
  threshold: 0.05,
  window: '1m',
  severity: 'critical',
  channels: ['hook'],
  scope: { site: SITE },
};

describe('alerts API', () => {
  it('lists rules (defaults included) to a read token, and changes them with an admin token', async () => {
    const { send, get } = await setup();
    expect((await get('/v1/alerts/rules', null)).status).toBe(401);
    const { rules } = await json(await get('/v1/alerts/rules', READ));
    expect(rules.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([
        'high-error-rate',
        'high-response-time',
        'database-connection-errors',
        'queue-backlog',
        'lcp-poor',
        'synthetic-check-failing',
        'availability-slo-page',
      ]),
    );
    expect(rules.find((r: { id: string }) => r.id === 'high-error-rate')).toMatchObject({
      source: 'default',
      threshold: 0.05,
      for: 300_000,
      severity: 'critical',
      state: 'ok',
    });

    expect((await send('POST', '/v1/alerts/rules', errors, READ)).status).toBe(403);
    const created = await send('POST', '/v1/alerts/rules', { ...errors, keep_firing_for: '2m' });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({
      id: 'api-errors',
      keepFiringFor: 120_000,
      comparison: '>',
      source: 'api',
    });
    expect((await send('POST', '/v1/alerts/rules', errors)).status).toBe(409);
    expect((await send('PUT', '/v1/alerts/rules/api-errors', { ...errors, threshold: 0.1 })).status).toBe(
      200,
    );
    expect(await json(await get('/v1/alerts/rules/api-errors'))).toMatchObject({ threshold: 0.1 });
    expect((await send('DELETE', '/v1/alerts/rules/api-errors')).status).toBe(204);
    const del = await send('DELETE', '/v1/alerts/rules/high-error-rate');
    expect(del.status).toBe(409);
    expect((await json(del)).error).toMatch(/enabled": false/);
  });

  it('refuses what cannot work, naming the field', async () => {
    const { send } = await setup();
    const slo = {
      name: 'LCP SLO',
      severity: 'critical',
      condition: { type: 'slo', objective: 0.75, windows: [{ long: '1h', short: '5m', burnRate: 14.4 }] },
    };
    const res = await send('POST', '/v1/alerts/rules', slo);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      path: 'condition.windows[0].burnRate',
      error: expect.stringMatching(/highest possible burn rate is 4\b/),
    });
    expect(
      await json(await send('POST', '/v1/alerts/rules', { ...errors, clearThreshold: 0.2 })),
    ).toMatchObject({ path: 'clearThreshold' });
    expect(
      await json(await send('POST', '/v1/alerts/rules', { ...errors, window: '5 minutes' })),
    ).toMatchObject({ path: 'window' });
    expect(
      await json(await send('POST', '/v1/alerts/rules', { ...errors, threshold: undefined })),
    ).toMatchObject({ path: 'threshold' });
    expect(
      await json(await send('POST', '/v1/alerts/channels', { id: 'x', type: 'webhook', url: 'ftp://x' })),
    ).toMatchObject({ path: 'url' });
  });

  it('keeps channel secrets out of answers', async () => {
    const { send } = await setup();
    expect(
      (
        await send('POST', '/v1/alerts/channels', {
          id: 'hook',
          type: 'webhook',
          url: 'https://hooks.example.com/h',
          secret: 'a-secret-of-at-least-16',
        })
      ).status,
    ).toBe(201);
    await send('POST', '/v1/alerts/channels', {
      id: 'pd',
      type: 'pagerduty',
      routing_key: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ123456',
    });
    const { channels } = await json(await send('GET', '/v1/alerts/channels'));
    expect(channels).toEqual([
      expect.objectContaining({ id: 'hook', secret: '••••', groupWait: 30_000, repeatInterval: 14_400_000 }),
      expect.objectContaining({
        id: 'pd',
        routingKey: '••••3456',
        url: 'https://events.pagerduty.com/v2/enqueue',
      }),
    ]);
    expect((await send('GET', '/v1/alerts/channels', undefined, READ)).status).toBe(403);
  });

  it('refuses an email channel it cannot send: without smtp on Node, naming the field', async () => {
    const { send } = await setup();
    const email = { id: 'mail', type: 'email', from: 'alerts@example.edu', to: ['ops@example.edu'] };
    const res = await send('POST', '/v1/alerts/channels', email);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      path: 'smtp',
      error: 'smtp: required: this server sends email over SMTP',
    });
    const withSmtp = { ...email, smtp: { host: 'smtp.example.edu', pass: 'secret-pass' } };
    expect((await send('POST', '/v1/alerts/channels', withSmtp)).status).toBe(201);
    const { channels } = await json(await send('GET', '/v1/alerts/channels'));
    expect(channels[0].smtp).toMatchObject({ host: 'smtp.example.edu', pass: '••••', port: 587 });
  });

  it('shows active alerts; acknowledges, silences, and keeps history and the delivery log', async () => {
    const { send, get, store, tick, sent } = await setup();
    await send('POST', '/v1/alerts/channels', {
      id: 'hook',
      type: 'webhook',
      url: 'https://hooks.example.com/h',
      groupWait: 0,
      repeatInterval: '10m',
      groupInterval: '1m',
    });
    await send('POST', '/v1/alerts/rules', { ...errors, escalate: { after: '2m', channels: ['hook'] } });
    await requests(store, T0, 100, 20);
    await tick(T0);
    // (The default SLO rules fire on this traffic too: only api-errors is looked at here.)
    const alerts = (await json(await get(`/v1/alerts?site=${SITE}&state=firing`, READ))).alerts.filter(
      (a: { rule: string }) => a.rule === 'api-errors',
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        rule: 'api-errors',
        name: 'API errors',
        severity: 'critical',
        state: 'firing',
        site: SITE,
        route: null,
        value: 0.2,
        threshold: 0.05,
        since: new Date(T0).toISOString(),
        acknowledged: null,
        silenced: false,
        links: {
          self: `http://127.0.0.1/v1/alerts/${alerts[0].id}`,
          dashboard: expect.stringContaining('/dashboard/alerts?site=site_a&rule=api-errors'),
        },
      }),
    ]);
    const id = alerts[0].id;
    expect((await get('/v1/alerts?severity=info&state=firing')).status).toBe(200);
    expect((await json(await get('/v1/alerts?severity=info&state=firing'))).alerts).toEqual([]);

    // Acknowledged: no escalation, no repeat.
    expect((await send('POST', `/v1/alerts/${id}/ack`, {}, READ)).status).toBe(403);
    const acked = await json(await send('POST', `/v1/alerts/${id}/ack`, {}));
    expect(acked.alert.acknowledged).toEqual({ at: new Date(T0).toISOString(), by: 'first admin' });
    for (let m = 1; m <= 12; m++) {
      await requests(store, T0 + m * 60_000, 100, 20);
      await tick(T0 + m * 60_000);
    }
    expect(sent).toEqual(['hook:firing']);

    // Silenced for its site: shown as silenced; the resolution is not sent either.
    const silence = await send('POST', '/v1/alerts/silences', {
      site: SITE,
      duration: '1h',
      comment: 'maintenance',
    });
    expect(silence.status).toBe(201);
    expect(await json(silence)).toMatchObject({
      site: SITE,
      rule: null,
      createdBy: 'first admin',
      endsAt: new Date(T0 + 12 * 60_000 + 3_600_000).toISOString(),
    });
    expect(
      (await json(await get(`/v1/alerts?site=${SITE}`))).alerts.every(
        (a: { silenced: boolean }) => a.silenced,
      ),
    ).toBe(true);
    expect(await json(await send('POST', '/v1/alerts/silences', { comment: 'everything' }))).toMatchObject({
      path: 'rule',
    });

    const detail = await json(await get(`/v1/alerts/${id}`, READ));
    expect(detail.history.map((h: { event: string }) => h.event)).toEqual(['acknowledged', 'firing']);
    const history = await json(await get(`/v1/alerts/history?rule=api-errors&from=${T0}`, READ));
    expect(history.history.map((h: { event: string }) => h.event)).toEqual(['acknowledged', 'firing']);
    // A read token sees each delivery's status; attempts and errors (what the target answered) are the admin's.
    const { deliveries } = await json(await get('/v1/alerts/deliveries', READ));
    expect(deliveries).toEqual([
      expect.objectContaining({
        channel: 'hook',
        kind: 'firing',
        status: 'sent',
        alerts: [{ id, rule: 'api-errors', status: 'firing' }],
        attempts: 1,
      }),
    ]);
    expect(deliveries[0]).not.toHaveProperty('lastError');
    const admin = await json(await get('/v1/alerts/deliveries'));
    expect(admin.deliveries[0]).toMatchObject({
      attempts: [expect.objectContaining({ ok: true, status: 200 })],
      lastError: null,
    });
    expect((await get('/v1/alerts/nope')).status).toBe(404);
    expect((await get('/v1/alerts?bogus=1')).status).toBe(400);
  });

  it('escalates a critical alert nobody acknowledged', async () => {
    const { send, store, tick, sent } = await setup();
    await send('POST', '/v1/alerts/channels', {
      id: 'hook',
      type: 'webhook',
      url: 'https://hooks.example.com/h',
      groupWait: 0,
    });
    await send('POST', '/v1/alerts/channels', {
      id: 'oncall',
      type: 'webhook',
      url: 'https://hooks.example.com/o',
      groupWait: 0,
    });
    await send('POST', '/v1/alerts/rules', { ...errors, escalate: { after: '2m', channels: ['oncall'] } });
    for (let m = 0; m <= 3; m++) {
      await requests(store, T0 + m * 60_000, 100, 20);
      await tick(T0 + m * 60_000);
    }
    expect(sent).toEqual(['hook:firing', 'oncall:escalation']);
  });
});
