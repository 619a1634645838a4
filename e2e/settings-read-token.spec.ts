// An admin hands support staff a read token from Settings: signed in with it, there
// is no Settings in the nav, the Settings URL says an admin token is needed, and
// every settings API answers 403. Revoked in Settings, the token is refused at once.
import { ADMIN_TOKEN } from './fixtures';
import { expect, openSettings, signIn, test } from './settings-fixtures';

test('a read token made in Settings sees no settings, and is refused once revoked', async ({
  page,
  baseURL,
}) => {
  await signIn(page);
  await openSettings(page);
  const tokens = page.locator('#settings-tokens');
  const form = tokens.getByRole('form', { name: 'New token' });
  await form.getByLabel(/^Name/).fill('support desk');
  await form.getByLabel('Role').selectOption('read');
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = (await tokens.getByTestId('new-token').locator('code').textContent()) ?? '';
  expect(secret).toMatch(/^sl_read_/);
  // Listed by its last four characters, never the secret.
  const row = tokens.locator('tr', { hasText: 'support desk' });
  await expect(row).toContainText(`…${secret.slice(-4)}`);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, secret);
  const nav = page.getByRole('navigation', { name: 'Views' });
  await expect(nav.getByRole('link', { name: 'Alerts' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  await page.goto('/dashboard/settings');
  await expect(page.getByTestId('settings-refused')).toContainText('need an admin token');

  const call = (method: string, path: string, token = secret) =>
    fetch(new URL(path, baseURL), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
    }).then((r) => r.status);
  const settingsCalls: [string, string][] = [
    ['GET', '/v1/tokens'],
    ['POST', '/v1/tokens'],
    ['DELETE', '/v1/tokens/tok_x'],
    ['POST', '/v1/sites'],
    ['PATCH', '/v1/sites/site_demo'],
    ['POST', '/v1/sites/site_demo/rotate-key'],
    ['GET', '/v1/alerts/channels'],
    ['POST', '/v1/alerts/channels/x/test'],
    ['PATCH', '/v1/alerts/rules/high-error-rate'],
    ['POST', '/v1/alerts/silences'],
    ['PATCH', '/v1/checks/x'],
    ['POST', '/v1/checks/x/run'],
  ];
  for (const [method, path] of settingsCalls)
    expect(`${method} ${path}: ${await call(method, path)}`).toBe(`${method} ${path}: 403`);

  // Back as admin: revoke it, and it is refused at its next request.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, ADMIN_TOKEN);
  await openSettings(page);
  page.once('dialog', (d) => void d.accept());
  await page
    .locator('#settings-tokens tr', { hasText: 'support desk' })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(page.locator('#settings-tokens tr', { hasText: 'support desk' })).toHaveCount(0);
  expect(await call('GET', '/v1/me')).toBe(401);
});
