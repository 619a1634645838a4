// The server restarts while the dashboard is open: the page says the stream is down,
// keeps showing the last data, and comes back live on its own.
import { test, expect } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, freePort, nodeServer, startServer } from './fixtures';

test('the stream is cut and comes back', async ({ page }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sightline-reconnect-'));
  const port = await freePort();
  let server = await startServer(nodeServer, { port, dataDir });
  try {
    await page.goto(`${server.baseURL}/dashboard`);
    await page.getByLabel('API token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const state = page.getByTestId('live-state');
    await expect(state).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('tile-requests')).toBeVisible();

    await server.stop();
    await expect(state).toHaveAttribute('data-state', 'reconnecting');
    await expect(state).toContainText('Live updates lost');
    await expect(
      page.getByRole('alert').filter({ hasText: 'live connection to the server is down' }),
    ).toBeVisible();
    await expect(page.getByTestId('tile-requests')).toBeVisible(); // the last data stays

    server = await startServer(nodeServer, { port, dataDir });
    await expect(state).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
    await expect(
      page.getByRole('alert').filter({ hasText: 'live connection to the server is down' }),
    ).toHaveCount(0);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
