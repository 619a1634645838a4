// An admin adds a webhook channel in Settings and presses "Send test": the test
// notification goes out the way an alert's would (the same notifier and outbound
// policy) and reaches a local receiver on 127.0.0.1, and Settings says it was delivered.
import { createHmac } from 'node:crypto';
import { expect, listen, openSettings, signIn, test } from './settings-fixtures';

const SECRET = 'settings-e2e-secret-0123456789';

test('a test notification from Settings reaches a local webhook receiver', async ({ page }) => {
  const receiver = await listen();
  try {
    await signIn(page);
    await openSettings(page);
    const channels = page.locator('#settings-channels');
    const form = channels.getByRole('form', { name: 'New channel' });
    await form.getByLabel(/^Id/).fill('ops-hook');
    await form.getByLabel('Type').selectOption('webhook');
    await form.getByLabel('URL').fill(`${receiver.origin}/alerts`);
    await form.getByLabel(/Signing secret/).fill(SECRET);
    await form.getByRole('button', { name: 'Create channel' }).click();

    const channel = channels.locator('details[data-channel="ops-hook"]');
    await channel.locator('summary').click();
    await channel.getByRole('button', { name: 'Send test' }).click();
    await expect(channel.getByTestId('test-result')).toHaveText('Delivered: the target answered 200.');

    expect(receiver.received).toHaveLength(1);
    const [hit] = receiver.received;
    expect(hit).toMatchObject({ method: 'POST', path: '/alerts' });
    // Signed like every webhook notification, so the receiver can trust it.
    const signature = createHmac('sha256', SECRET).update(hit.body).digest('hex');
    expect(hit.headers['x-sightline-signature']).toBe(`sha256=${signature}`);
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({ receiver: 'ops-hook', status: 'firing' });
    expect(body.alerts[0].labels).toMatchObject({ alertname: 'SightlineTest' });
  } finally {
    await receiver.close();
  }
});
