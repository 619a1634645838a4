// A tool's server logs an error in a request (Hono with the server SDK, on a port of
// its own): Sightline keeps the line, groups the exception, and the dashboard's Logs
// view finds the line by its words, shows the grouped exception with its stack, and
// the request's own lines from its request id.
import { serve, type ServerType } from '@hono/node-server';
import { expect, test } from '@playwright/test';
import { Hono } from 'hono';
import type { LogsResponse } from '../shared/logs';
import { createSightline, type SightlineVariables } from '../server-sdk/index';
import { ADMIN_TOKEN, freePort, nodeServer, startServer, waitFor, type RunningServer } from './fixtures';

const HOST = '127.0.0.1';

test.describe('server logs', () => {
  let sightline: RunningServer;
  let tool: ServerType | undefined;

  test.afterAll(async () => {
    tool?.close();
    await sightline?.stop();
  });

  test('an error logged in a request is found, grouped, and shown with its request’s lines', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    sightline = await startServer(nodeServer);
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${sightline.baseURL}/v1/tokens`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ role: 'ingest', name: 'tool' }),
    });
    const { token } = (await created.json()) as { token: string };
    const sdk = createSightline({
      endpoint: `${sightline.baseURL}/v1/ingest/server`,
      token,
      service: 'e2e-tool',
      flushIntervalMs: 0,
    });
    const app = new Hono<{ Variables: SightlineVariables }>();
    app.use(sdk.honoMiddleware());
    app.onError((_, c) => c.text('could not process the video', 500));
    app.post('/api/courses/:course/videos/:video', (c) => {
      const log = c.get('logger');
      log.info('Video upload received', { courseId: c.req.param('course') });
      const error = new Error('ffmpeg exited with code 1');
      log.error(`Failed to process video for course ${c.req.param('course')}`, {
        videoId: c.req.param('video'),
        error,
      });
      throw error;
    });
    const port = await freePort();
    await new Promise<void>((resolve) => {
      tool = serve({ fetch: app.fetch, hostname: HOST, port }, () => resolve());
    });
    const res = await fetch(`http://${HOST}:${port}/api/courses/1234/videos/77`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-e2e-1' },
    });
    expect(res.status).toBe(500);
    await sdk.flush();

    // Kept and searchable (the Node store answers once the group commit wrote the lines).
    const found = await waitFor(async () => {
      const r = await fetch(`${sightline.baseURL}/v1/logs?q=process%20video%201234&range=1h`, {
        headers: admin,
      });
      const body = (await r.json()) as LogsResponse;
      if (!body.lines.length) throw new Error(`not yet: ${JSON.stringify(body)}`);
      return body;
    }, 30_000);
    expect(found.lines[0]).toMatchObject({
      level: 'error',
      message: 'Failed to process video for course 1234',
      requestId: 'req-e2e-1',
      route: '/api/courses/:course/videos/:video',
      context: { videoId: '77' },
    });

    // The dashboard: search, the exception, the request's lines.
    await page.goto(`${sightline.baseURL}/dashboard/logs?range=1h`);
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Search log messages').fill('video 1234');
    await page.getByRole('button', { name: 'Search' }).click();
    const lines = page.getByTestId('log-lines');
    await expect(lines.locator('tr[data-level="error"]')).toContainText(
      'Failed to process video for course 1234',
    );
    await expect(page.getByTestId('logs-usage')).toHaveAttribute('data-dropped', '0');
    await expect(page).toHaveURL(/q=video\+1234/);
    // The error lines mined into templates (no spike: one line, no history).
    await expect(page.getByTestId('log-patterns')).toContainText('Failed to process video for course <*>');

    // Both the line logged with the error and the middleware's own line group as one exception.
    const exceptions = page.getByTestId('exceptions');
    await expect(exceptions).toContainText('Error: ffmpeg exited with code <n>');
    await exceptions.getByRole('link', { name: /ffmpeg exited/ }).click();
    const detail = page.getByTestId('exception-detail');
    await expect(detail.locator('dd[data-value]').first()).toHaveAttribute('data-value', '2');
    await expect(detail).toContainText('server-logs.spec.ts'); // the stack
    await expect(detail.getByTestId('exception-around')).toContainText('Video upload received');

    // The request's lines, from its id.
    await page.goto(`${sightline.baseURL}/dashboard/logs?range=1h`);
    await page.getByTestId('log-lines').getByRole('link', { name: 'req-e2e-1' }).first().click();
    await expect(page).toHaveURL(/request=req-e2e-1/);
    const request = page.getByTestId('log-lines');
    await expect(request.locator('tbody tr')).toHaveCount(3);
    await expect(request).toContainText('Video upload received');
    await expect(request).toContainText('Error: ffmpeg exited with code 1');

    // On a phone the view fits: no sideways scrolling of the page.
    await page.setViewportSize({ width: 375, height: 812 });
    await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible();
    await expect(page.locator('[aria-busy=true]')).toHaveCount(0);
    const [scroll, width] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      window.innerWidth,
    ]);
    expect(scroll, `the Logs view is ${scroll}px wide in ${width}px`).toBeLessThanOrEqual(width);
  });
});
