// Settings' alert routes in-process: a rule enabled, disabled and given a new
// threshold; a channel edited with its secret kept; a test notification sent
// through the real notifier to a listener on 127.0.0.1 (and refused by the
// outbound policy when private targets are not allowed); the default templates.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { installDefaults } from '../core/alerts/config';
import { ADMIN_TOKEN, createTestApp, json } from '../../test/app';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => void (await Promise.all(closers.splice(0).map((c) => c()))));

async function receiver(status = 200) {
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => (got.push({ headers: req.headers, body }), res.writeHead(status).end()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

async function setup(allowPrivateTargets = true) {
  const t = await createTestApp(undefined, { allowPrivateTargets });
  await installDefaults(t.store, () => t.clock.now);
  const send = (method: string, path: string, body?: unknown) =>
    t.request(path, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...t, send };
}

describe('PATCH /v1/alerts/rules/:id', () => {
  it('disables, enables and re-thresholds a default rule, keeping the rest', async () => {
    const t = await setup();
    const before = await json(await t.get('/v1/alerts/rules/high-error-rate'));
    const off = await json(await t.send('PATCH', '/v1/alerts/rules/high-error-rate', { enabled: false }));
    expect(off).toMatchObject({
      enabled: false,
      source: 'api',
      threshold: before.threshold,
      window: before.window,
    });
    expect((await json(await t.get('/v1/alerts/rules/high-error-rate'))).state).toBe('disabled');
    const on = await json(
      await t.send('PATCH', '/v1/alerts/rules/high-error-rate', { enabled: true, threshold: 0.1 }),
    );
    expect(on).toMatchObject({ enabled: true, threshold: 0.1, clearThreshold: before.clearThreshold });
  });

  it('names the field at fault, and answers 404 for an unknown rule', async () => {
    const t = await setup();
    const wrongSide = await t.send('PATCH', '/v1/alerts/rules/high-error-rate', { clearThreshold: 0.5 });
    expect(wrongSide.status).toBe(400);
    expect((await json(wrongSide)).path).toBe('clearThreshold');
    expect(
      (await json(await t.send('PATCH', '/v1/alerts/rules/high-error-rate', { threshold: 'x' }))).path,
    ).toBe('threshold');
    const other = await t.send('PATCH', '/v1/alerts/rules/high-error-rate', { window: '5m' });
    expect(other.status).toBe(400);
    expect((await json(other)).error).toContain('window');
    expect((await t.send('PATCH', '/v1/alerts/rules/nope', { enabled: false })).status).toBe(404);
  });

  it('lists the default rules as templates to create from', async () => {
    const t = await setup();
    const { templates } = await json(await t.get('/v1/alerts/templates'));
    expect(templates.map((r: { id: string }) => r.id)).toContain('high-error-rate');
    const copy = { ...templates[0], id: 'my-errors', name: 'My errors', threshold: 0.2, clearThreshold: 0.1 };
    expect((await t.send('POST', '/v1/alerts/rules', copy)).status).toBe(201);
  });
});

describe('channels: edit and test', () => {
  it('edits a channel without resending its secret, and sends a test through the real notifier', async () => {
    const t = await setup();
    const hook = await receiver();
    const secret = 'a-webhook-secret-of-some-length';
    await t.send('POST', '/v1/alerts/channels', {
      id: 'ops',
      type: 'webhook',
      url: 'https://x.example/h',
      secret,
    });
    const edited = await t.send('PATCH', '/v1/alerts/channels/ops', { url: hook.url, name: 'Ops hook' });
    expect(await json(edited)).toMatchObject({
      url: hook.url,
      name: 'Ops hook',
      secret: '••••',
      groupWait: 30_000,
    });
    expect(
      (await t.store.getChannel('ops'))?.type === 'webhook' && (await t.store.getChannel('ops')),
    ).toMatchObject({
      secret,
    });
    const result = await json(await t.send('POST', '/v1/alerts/channels/ops/test'));
    expect(result).toEqual({ channel: 'ops', ok: true, status: 200, error: null });
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0].headers['x-sightline-signature']).toMatch(/^sha256=/);
    expect(JSON.parse(hook.got[0].body).alerts[0].labels.alertname).toBe('SightlineTest');
    expect((await t.send('POST', '/v1/alerts/channels/nope/test')).status).toBe(404);
    expect((await json(await t.send('PATCH', '/v1/alerts/channels/ops', { type: 'slack' }))).path).toBe(
      'type',
    );
    expect((await json(await t.send('PATCH', '/v1/alerts/channels/ops', { url: 'ftp://x' }))).path).toBe(
      'url',
    );
  });

  it('answers what the receiver said when it fails', async () => {
    const t = await setup();
    const hook = await receiver(500);
    await t.send('POST', '/v1/alerts/channels', { id: 'ops', type: 'webhook', url: hook.url });
    expect(await json(await t.send('POST', '/v1/alerts/channels/ops/test'))).toMatchObject({
      ok: false,
      status: 500,
    });
  });

  it('passes the outbound policy: a private target is refused without a connection', async () => {
    const t = await setup(false);
    const hook = await receiver();
    // Stored as a rules file or an earlier, looser deployment would have stored it.
    await t.store.putChannel(
      {
        id: 'old',
        type: 'webhook',
        url: hook.url,
        sendResolved: true,
        groupWait: 0,
        groupInterval: 0,
        repeatInterval: 0,
        maxAlerts: 0,
      },
      'api',
      t.clock.now,
    );
    const result = await json(await t.send('POST', '/v1/alerts/channels/old/test'));
    expect(result).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^refused: /) });
    expect(hook.got).toHaveLength(0);
  });
});
