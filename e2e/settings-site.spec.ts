// A site owner adds their tool without curl: creates a site in Settings with the
// tool's origin, copies the script tag shown there onto a page of the tool (served
// here on 127.0.0.1), opens the page, and Settings turns from "waiting for the
// first event…" to "received".
import { hidePage } from './fixtures';
import { expect, listen, openSettings, signIn, test } from './settings-fixtures';

test('create a site, paste its tag on a page, see the first event arrive', async ({ page, context }) => {
  let tag = '';
  const tool = await listen((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><head><title>Quiz tool</title></head><body><h1>Quiz</h1>${tag}</body></html>`,
      ),
  );
  try {
    await signIn(page);
    await openSettings(page);
    const sites = page.locator('#settings-sites');
    const form = sites.getByRole('form', { name: 'New site' });
    await form.getByLabel('Name').fill('Quiz tool');
    await form.getByLabel(/Allowed page origins/).fill(tool.origin);
    await form.getByRole('button', { name: 'Create site' }).click();

    const site = sites.locator('details[open]', { hasText: 'Quiz tool' });
    await expect(site.getByTestId('first-event')).toContainText('Waiting for the first event');
    tag = (await site.getByTestId('script-tag').textContent()) ?? '';
    expect(tag).toMatch(
      /^<script src="http:\/\/127\.0\.0\.1:\d+\/sightline\.js" data-site-key="sk_\w+" async><\/script>$/,
    );
    // The header's site picker knows the new site too (two sites now).
    await expect(page.getByRole('combobox', { name: 'Site' })).toContainText('Quiz tool');

    const toolPage = await context.newPage();
    await toolPage.goto(tool.url);
    await toolPage.waitForFunction(() => 'sightline' in window);
    await hidePage(toolPage); // the widget flushes when the tab is hidden
    await expect(site.getByTestId('first-event')).toContainText('Received', { timeout: 20_000 });
    await toolPage.close();
  } finally {
    await tool.close();
  }
});
