// On a phone (375 px) every table reads (issue #19 item 1): its first column (route, endpoint,
// query, LTI action, error) takes at least ~40 % of the width instead of a letter per line, and
// no view is absurdly tall for the rows it shows; a cut name shows whole when tapped.
import type { Page } from '@playwright/test';
import { expect, signIn, test } from './dashboard-fixtures';

test.use({ viewport: { width: 375, height: 812 } });

/** The view's tables: rows, first cells narrower than 40 % of their table's box, the tallest row, the page's height. */
function measure(page: Page) {
  return page.evaluate(() => {
    const tables = Array.from(document.querySelectorAll<HTMLTableElement>('main table.table')).filter(
      (t) => t.getBoundingClientRect().width > 0,
    );
    let rows = 0;
    let tallest = 0;
    const narrow: string[] = [];
    for (const table of tables) {
      const box = table.parentElement!.getBoundingClientRect().width;
      for (const body of Array.from(table.tBodies))
        for (const row of Array.from(body.rows)) {
          rows++;
          const rect = row.getBoundingClientRect();
          tallest = Math.max(tallest, rect.height);
          const first = row.cells[0].getBoundingClientRect().width;
          if (first < 0.4 * box)
            narrow.push(`${row.cells[0].textContent} (${Math.round(first)} of ${box} px)`);
        }
    }
    return { tables: tables.length, rows, tallest, narrow, height: document.documentElement.scrollHeight };
  });
}

async function expectReadableTables(page: Page, label: string): Promise<void> {
  await expect(page.locator('[aria-busy=true]')).toHaveCount(0, { timeout: 10_000 });
  const m = await measure(page);
  expect(m.tables, `${label}: tables shown`).toBeGreaterThan(0);
  expect(m.narrow, `${label}: first cells under 40 % of the width`).toEqual([]);
  expect(m.tallest, `${label}: tallest row`).toBeLessThanOrEqual(240);
  // A card is about 60–150 px; the letter-per-line layout was 300–600 px a row.
  expect(m.height, `${label}: ${m.height} px for ${m.rows} rows`).toBeLessThanOrEqual(3_000 + m.rows * 160);
}

test('every table view reads on a 375 px phone', async ({ page }) => {
  await signIn(page);
  await expect(page.getByTestId('tile-requests')).toBeVisible();
  for (const name of [
    'Web vitals',
    'Errors',
    'Endpoints & database',
    'LTI & features',
    'Business',
    'Releases',
    'Alerts',
    'Health & synthetic',
  ]) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expectReadableTables(page, name);
  }

  // A route's drill-down, and its name cut on the card but whole once tapped.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Web vitals' }).click();
  const first = page.getByTestId('vitals-routes').locator('tbody tr').first();
  const cell = first.locator('td').first();
  const route = (await first.getAttribute('data-route'))!;
  await expect(cell).toHaveAttribute('title', route);
  await expect(cell.locator('xpath=following-sibling::td[1]')).toHaveAttribute('data-label', 'samples');
  await cell.getByRole('link').click();
  await expect(page.getByTestId('route-vitals')).toBeVisible();
  await expectReadableTables(page, `route ${route}`);
});
