// An LTI 1.3 launch played end to end in real Chromium: a small LMS stand-in (course
// page → login initiation form → authorization → form-POST launch) and a small tool
// (Hono with the server SDK, the widget on its launch page), both on 127.0.0.1 ports
// of their own. The server SDK times the login and the launch, the page hands the key
// to the widget through Server-Timing, and Sightline joins both halves into one
// launch time: the API and the dashboard show it per stage, platform and placement.
import { serve, type ServerType } from '@hono/node-server';
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import type { LaunchTimesResponse, LtiResponse } from '../shared/query';
import { createSightline } from '../server-sdk/index';
// Not the fixtures' `test`: its server does not allow the tool's origin.
import {
  ADMIN_TOKEN,
  freePort,
  nodeServer,
  SITE_KEY,
  startServer,
  waitFor,
  type RunningServer,
} from './fixtures';

const HOST = '127.0.0.1';
const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>LTI</title></head><body>${body}</body></html>`;
/** A form that posts itself at once, as an LMS's and a tool's launch steps do. */
const autoPost = (action: string, fields: Record<string, string>) =>
  page(
    `<form method="post" action="${action}">${Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join('')}</form><script>document.forms[0].submit()</script>`,
  );
const listen = (app: Hono, port: number) =>
  new Promise<ServerType>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: HOST, port }, () => resolve(server));
  });

test.describe('LTI launch timed end to end', () => {
  let sightline: RunningServer;
  const servers: ServerType[] = [];

  test.afterAll(async () => {
    for (const s of servers) s.close();
    await sightline?.stop();
  });

  test('the LMS stand-in launches the tool; Sightline joins the server chain and the page into one launch time', async ({
    page: browser,
  }) => {
    test.setTimeout(240_000);
    const [lmsPort, toolPort] = [await freePort(), await freePort()];
    const lms = `http://${HOST}:${lmsPort}`;
    const tool = `http://${HOST}:${toolPort}`;
    sightline = await startServer((ctx) => {
      const spec = nodeServer(ctx);
      return { ...spec, env: { ...spec.env, SIGHTLINE_ORIGINS: tool } };
    });
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${sightline.baseURL}/v1/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ role: 'ingest', name: 'tool' }),
    });
    const { token } = (await created.json()) as { token: string };

    // The tool: OIDC login initiation, then the launch, timed by the SDK.
    const sdk = createSightline({
      endpoint: `${sightline.baseURL}/v1/ingest/server`,
      token,
      service: 'e2e-tool',
    });
    const states = new Map<string, string>(); // state → nonce
    const toolApp = new Hono();
    toolApp.post('/lti/login', async (c) => {
      const startedAt = Date.now();
      const form = await c.req.formData();
      const state = crypto.randomUUID();
      states.set(state, crypto.randomUUID());
      sdk.lti.login({ state, platform: String(form.get('iss')), startedAt });
      const auth = new URL(`${lms}/auth`);
      auth.search = new URLSearchParams({
        state,
        nonce: states.get(state)!,
        redirect_uri: `${tool}/lti/launch`,
        login_hint: String(form.get('login_hint')),
      }).toString();
      return c.redirect(auth.toString(), 302);
    });
    toolApp.post('/lti/launch', async (c) => {
      const startedAt = Date.now();
      const form = await c.req.formData();
      const state = String(form.get('state'));
      if (!states.delete(state)) return c.text('unknown state', 400);
      const claims = JSON.parse(
        Buffer.from(String(form.get('id_token')).split('.')[1], 'base64url').toString(),
      );
      const timing = sdk.lti.launch({
        ok: true,
        platform: claims.iss,
        state,
        startedAt,
        placement: claims['https://www.instructure.com/placement'],
        route: '/lti/launch',
        roles: claims['https://purl.imsglobal.org/spec/lti/claim/roles'],
      });
      return c.html(
        page(`<h1>Course tool</h1><p id="intro">Welcome to the tool.</p>
          <button id="start" onclick="const end = performance.now() + 120; while (performance.now() < end);">Start</button>
          <script src="${sightline.baseURL}/sightline.js" data-site-key="${SITE_KEY}" async></script>`),
        200,
        { 'server-timing': timing!.serverTiming },
      );
    });
    servers.push(await listen(toolApp, toolPort));

    // The LMS stand-in: a course page framing the tool's launch, and its authorization endpoint.
    const lmsApp = new Hono();
    lmsApp.get('/courses/1/external_tools/2', (c) =>
      c.html(
        page(
          `<h1>Course 1</h1><iframe id="tool" src="/courses/1/external_tools/2/initiate" width="900" height="500"></iframe>`,
        ),
      ),
    );
    lmsApp.get('/courses/1/external_tools/2/initiate', (c) =>
      c.html(
        autoPost(`${tool}/lti/login`, {
          iss: lms,
          login_hint: 'user-1',
          target_link_uri: `${tool}/lti/launch`,
        }),
      ),
    );
    lmsApp.get('/auth', (c) => {
      const q = c.req.query();
      const claims = {
        iss: lms,
        nonce: q.nonce,
        'https://www.instructure.com/placement': 'course_navigation',
        'https://purl.imsglobal.org/spec/lti/claim/roles': [
          'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
        ],
      };
      const jwt = ['{"alg":"none"}', JSON.stringify(claims), '']
        .map((part) => Buffer.from(part).toString('base64url'))
        .join('.');
      return c.html(autoPost(q.redirect_uri, { id_token: jwt, state: q.state }));
    });
    servers.push(await listen(lmsApp, lmsPort));

    // A student opens the tool from the course.
    await browser.goto(`${lms}/courses/1/external_tools/2`);
    const frame = browser.frameLocator('#tool');
    await expect(frame.locator('#start')).toBeVisible();
    const toolFrame = browser.frames().find((f) => f.url().startsWith(`${tool}/lti/launch`))!;
    expect(toolFrame, 'the launch page in the tool frame').toBeTruthy();
    // The widget read the key from its navigation's Server-Timing.
    const serverTiming = await toolFrame.evaluate(() =>
      (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).serverTiming.map(
        (s) => s.name,
      ),
    );
    expect(serverTiming).toContain('lti-launch');
    // LCP is reported only if painted before the first input: wait for it, then interact, then leave.
    await toolFrame.evaluate(
      () =>
        new Promise<void>((resolve) =>
          new PerformanceObserver((list) => list.getEntries().length && resolve()).observe({
            type: 'largest-contentful-paint',
            buffered: true,
          }),
        ),
    );
    await frame.locator('#start').click();
    await toolFrame.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await sdk.flush();

    // Joined and folded by the next maintenance run (every minute).
    const times = await waitFor(
      async () => {
        const t = await query<LaunchTimesResponse>(sightline.baseURL, '/v1/lti/launches?range=1h');
        if (t.total.count !== 1) {
          const vitals = await query(sightline.baseURL, '/v1/vitals?route=/lti/launch&range=1h');
          const lti = await query(sightline.baseURL, '/v1/lti?range=1h');
          throw new Error(`not joined yet: ${JSON.stringify({ t, vitals, lti })}`);
        }
        return t;
      },
      150_000,
      1_000,
    );
    const stage = Object.fromEntries(times.stages.map((s) => [s.stage, s]));
    for (const name of ['login', 'platform', 'tool', 'network', 'render'])
      expect(stage[name]?.count, `${name} counted`).toBe(1);
    const sum = times.stages.reduce((n, s) => n + s.p50!, 0);
    // Each stage from the sketch is within 1 %; the total is their sum.
    expect(Math.abs(times.total.p50! - sum)).toBeLessThanOrEqual(times.total.p50! * 0.03);
    expect(times.total.p50!).toBeGreaterThan(0);
    expect(times.total.p50!).toBeLessThan(60_000);
    expect(times.platforms).toMatchObject([{ platform: `${HOST}:${lmsPort}`, count: 1 }]);
    expect(times.placements).toMatchObject([{ placement: 'course_navigation', count: 1 }]);
    expect(times.routes).toMatchObject([{ route: '/lti/launch', count: 1 }]);
    const lti = await query<LtiResponse>(sightline.baseURL, '/v1/lti?range=1h');
    expect(lti.actions.launch.count).toBe(1);

    // The dashboard's LTI view shows the breakdown.
    await browser.goto(`${sightline.baseURL}/dashboard/lti?range=1h`);
    await browser.getByLabel('API token').fill(ADMIN_TOKEN);
    await browser.getByRole('button', { name: 'Sign in' }).click();
    const section = browser.getByTestId('launch-time');
    await expect(section).toBeVisible();
    await expect(section.getByTestId('launch-placements')).toContainText('course_navigation');
    await expect(section.locator('[data-stage="platform"]')).toContainText('LMS: authentication');
  });
});

async function query<T>(baseURL: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, baseURL), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}
