// Ops get paged when a page starts throwing, and told when it stops: the demo
// page throws errors through the real widget until the JS-error-rate rule fires;
// a local webhook receives the signed firing notification, then, once the
// erroring minute has left the window and clean page views come in, the resolved one.
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, hidePage, nodeServer, startServer, waitFor } from './fixtures';

const SECRET = 'e2e-webhook-secret-0123456789';

test('a JS error rate rule fires from real page errors, then resolves', async ({ page }) => {
  test.setTimeout(180_000);
  const received: {
    headers: IncomingHttpHeaders;
    raw: string;
    body: {
      status: string;
      alerts: { status: string; labels: Record<string, string>; fingerprint: string }[];
    };
  }[] = [];
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const dir = await mkdtemp(join(tmpdir(), 'sightline-rules-'));
  const rulesFile = join(dir, 'rules.json');
  await writeFile(
    rulesFile,
    JSON.stringify({
      defaults: false,
      channels: [
        {
          id: 'ops-hook',
          type: 'webhook',
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`,
          secret: SECRET,
          group_wait: '0s',
        },
      ],
      rules: [
        {
          id: 'js-error-rate',
          name: 'JS Error Rate',
          condition: { type: 'js_error_rate' },
          threshold: 1,
          window: '1m',
          for: '3s',
          severity: 'critical',
          channels: ['ops-hook'],
          scope: { route: '/demo/canvas' },
        },
      ],
    }),
  );
  const server = await startServer((ctx) => {
    const spec = nodeServer(ctx);
    return {
      ...spec,
      env: {
        ...spec.env,
        SIGHTLINE_RULES_FILE: rulesFile,
        // The receiver listens on 127.0.0.1, which the outbound policy refuses by default.
        SIGHTLINE_ALLOW_PRIVATE_TARGETS: 'true',
        SIGHTLINE_EVAL_INTERVAL_MS: '1000',
        SIGHTLINE_DELIVERY_INTERVAL_MS: '500',
      },
    };
  });
  try {
    const visit = async (errors: number) => {
      await page.goto(`${server.baseURL}/demo/canvas`, { waitUntil: 'load' });
      for (let i = 0; i < errors; i++) await page.locator('#throw-error').click();
      await hidePage(page); // the widget flushes its queue
      await page.waitForTimeout(300);
    };

    // Errors until the rule fires: 3 errors per page view is over 1.
    await waitFor(
      async () => {
        if (received.some((r) => r.body.status === 'firing')) return true;
        await visit(3);
        return false;
      },
      60_000,
      0,
    );
    const firing = received.find((r) => r.body.status === 'firing')!;
    expect(firing.headers['x-sightline-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(firing.raw).digest('hex')}`,
    );
    expect(firing.body).toMatchObject({
      version: '4',
      receiver: 'ops-hook',
      alerts: [
        {
          status: 'firing',
          labels: { rule: 'js-error-rate', alertname: 'JS Error Rate', severity: 'critical' },
        },
      ],
    });

    // The alerts API shows it to the dashboard and the extension.
    const api = await fetch(`${server.baseURL}/v1/alerts`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((r) => r.json() as Promise<any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(api.alerts).toEqual([
      expect.objectContaining({ rule: 'js-error-rate', state: 'firing', severity: 'critical' }),
    ]);

    // The errors stop; clean page views keep coming until the erroring minute leaves the window.
    await waitFor(
      async () => {
        if (received.some((r) => r.body.status === 'resolved')) return true;
        await visit(0);
        await page.waitForTimeout(1_500);
        return false;
      },
      120_000,
      0,
    );
    const resolved = received.find((r) => r.body.status === 'resolved')!;
    expect(resolved.body.alerts).toEqual([
      expect.objectContaining({ status: 'resolved', fingerprint: firing.body.alerts[0].fingerprint }),
    ]);
    expect(received.filter((r) => r.body.status === 'firing')).toHaveLength(1); // no duplicates

    const log = await fetch(`${server.baseURL}/v1/alerts/deliveries`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    }).then((r) => r.json() as Promise<any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(log.deliveries.map((d: { kind: string; status: string }) => `${d.kind}:${d.status}`)).toEqual([
      'resolved:sent',
      'firing:sent',
    ]);
  } finally {
    await server.stop();
    receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
});
