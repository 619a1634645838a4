// Email on Workers through a real send_email binding: Miniflare runs workerd's binding,
// which checks the message as Cloudflare does (a parseable MIME message with a
// Message-ID, From matching the envelope sender, allowed destinations) and keeps what
// it would send in a file, whose path it logs. The Worker here is the notifier as the
// Worker runtime builds it (createNotify with createBindingSender), bundled for workerd.
import { readFileSync } from 'node:fs';
import { Log, LogLevel, Miniflare } from 'miniflare';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationPayload } from '../ports';
import { workerScript } from '../../test/workerd';

const running: Miniflare[] = [];
afterAll(() => Promise.all(running.splice(0).map((mf) => mf.dispose())));

/** Keeps what Miniflare logs: the binding logs the path of each message it would send. */
class Captured extends Log {
  lines: string[] = [];
  constructor() {
    super(LogLevel.INFO);
  }
  override log(message: string) {
    this.lines.push(message);
  }
}

async function script(): Promise<string> {
  const entry = `import { createBindingSender } from './cloudflare-email';
    import { createNotify } from './index';
    export default {
      async fetch(req, env) {
        const { channel, payload } = await req.json();
        const notify = createNotify({ sendEmail: createBindingSender(env.SEND_EMAIL) });
        return Response.json(await notify(channel, payload));
      },
    };`;
  return workerScript(entry, new URL('.', import.meta.url));
}

const payload: NotificationPayload = {
  status: 'firing',
  dashboardURL: 'https://sightline.example.edu/dashboard/alerts',
  alerts: [
    {
      status: 'firing',
      name: 'LTI launches slow – p75 über 8 s',
      severity: 'warning',
      value: 9_120,
      threshold: 8_000,
      comparison: '>',
      startsAt: Date.UTC(2026, 11, 7, 23, 0),
      endsAt: null,
      siteId: 'site_demo',
      labels: {},
      annotations: { summary: 'launch.total p75 is 9120 ms' },
      generatorURL: 'https://sightline.example.edu/dashboard/alerts?rule=slow-launch',
    },
  ],
} as unknown as NotificationPayload;

describe('email on Workers (send_email binding)', () => {
  it('sends each recipient the notification as MIME the binding accepts, with absolute links', async () => {
    const log = new Captured();
    const mf = new Miniflare({
      modules: true,
      script: await script(),
      compatibilityDate: '2026-04-01',
      log,
      email: {
        send_email: [
          { name: 'SEND_EMAIL', allowed_destination_addresses: ['ops@example.edu', 'qa@example.edu'] },
        ],
      },
    });
    running.push(mf);
    const send = async (to: string[]) => {
      const channel = { id: 'ops', type: 'email', from: 'Sightline <alerts@example.edu>', to };
      const res = await mf.dispatchFetch('http://worker.test/', {
        method: 'POST',
        body: JSON.stringify({ channel, payload }),
      });
      return (await res.json()) as { ok: boolean; retryable: boolean; error?: string };
    };

    expect(await send(['ops@example.edu', 'qa@example.edu'])).toEqual({
      ok: true,
      status: null,
      retryable: false,
    });
    const files = log.lines.flatMap((l) => /\S+\.eml/.exec(l) ?? []);
    expect(files).toHaveLength(2);
    const mail = readFileSync(files[0], 'utf8');
    expect(mail).toContain('From: Sightline <alerts@example.edu>');
    expect(mail).toContain('To: ops@example.edu');
    expect(mail).toMatch(/^Message-ID: <[0-9a-f-]+@example\.edu>$/m);
    // A subject beyond ASCII as an encoded word; the body in base64.
    const subject = /^Subject: =\?UTF-8\?B\?(\S+)\?=$/m.exec(mail)![1];
    expect(Buffer.from(subject, 'base64').toString()).toBe('[WARNING] LTI launches slow – p75 über 8 s');
    const body = Buffer.from(mail.split('\r\n\r\n')[1].replace(/\s/g, ''), 'base64').toString();
    expect(body).toContain('Details:   https://sightline.example.edu/dashboard/alerts?rule=slow-launch');
    expect(body).toContain('Dashboard: https://sightline.example.edu/dashboard/alerts');

    // A destination Email Routing does not allow: refused, named, not retried.
    const refused = await send(['someone@elsewhere.example']);
    expect(refused).toMatchObject({ ok: false, retryable: false });
    expect(refused.error).toContain('someone@elsewhere.example');
  }, 60_000);
});
