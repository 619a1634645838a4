// Ops on a Worker deployment (`wrangler dev --test-scheduled`: D1, the ingest Queue, the
// cron) get a webhook when the tool's API starts failing, with links to this deployment's
// public address: server events go through the Queue, the cron evaluates and delivers.
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_TOKEN, startServer, waitFor } from './fixtures';
import { workerServer } from './wrangler';

const PUBLIC_URL = 'https://sightline.example.edu';

test('an error-rate rule fires on the Worker and its webhook links to the public URL', async () => {
  test.setTimeout(180_000);
  const received: {
    status: string;
    externalURL: string;
    alerts: { generatorURL: string; labels: Record<string, string> }[];
  }[] = [];
  const receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      received.push(JSON.parse(raw));
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const server = await startServer((ctx) => {
    const spec = workerServer(ctx);
    return {
      ...spec,
      args: [
        ...spec.args!,
        '--test-scheduled',
        '--var',
        `SIGHTLINE_PUBLIC_URL:${PUBLIC_URL}`,
        // The receiver listens on 127.0.0.1, which the outbound policy refuses by default.
        '--var',
        'SIGHTLINE_ALLOW_PRIVATE_TARGETS:true',
      ],
    };
  });
  const api = (path: string, body?: unknown) =>
    fetch(`${server.baseURL}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: body ? JSON.stringify(body) : undefined,
    });
  try {
    const hook = {
      id: 'ops-hook',
      type: 'webhook',
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`,
      group_wait: '0s',
    };
    expect((await api('/v1/alerts/channels', hook)).status).toBe(201);
    const rule = {
      id: 'api-errors',
      name: 'API errors',
      condition: { type: 'error_rate' },
      threshold: 0.2,
      window: '5m',
      severity: 'critical',
      channels: ['ops-hook'],
    };
    expect((await api('/v1/alerts/rules', rule)).status).toBe(201);

    const now = Date.now();
    const events = Array.from({ length: 10 }, (_, i) => ({
      kind: 'request',
      id: `worker-alert-${now}-${i}`,
      t: now - i * 1000,
      method: 'GET',
      route: '/api/courses/:id',
      status: i < 5 ? 503 : 200,
      duration: 120,
    }));
    expect(
      (await api('/v1/ingest/server?site=site_demo', { sentAt: now, service: 'e2e', events })).status,
    ).toBe(202);

    // Each cron tick evaluates the rules and delivers what is due; the Queue's consumer may need a moment.
    await waitFor(
      async () => {
        await fetch(`${server.baseURL}/__scheduled?cron=*+*+*+*+*`);
        return received.some((r) => r.status === 'firing') || undefined;
      },
      90_000,
      2_000,
    );
    const firing = received.find((r) => r.status === 'firing')!;
    expect(firing.externalURL).toBe(PUBLIC_URL);
    expect(firing.alerts[0].labels).toMatchObject({ alertname: 'API errors', site: 'site_demo' });
    expect(firing.alerts[0].generatorURL.startsWith(`${PUBLIC_URL}/`)).toBe(true);
  } finally {
    await server.stop();
    receiver.close();
  }
});
