// Insights: someone opens the view on the seeded demo and finds what to fix first, ranked
// as the API ranks it, with the CREATE INDEX the slow query's real SQLite plan asks for.
import type { InsightsResponse } from '../shared/insights';
import { expect, expectNoHorizontalScroll, sameWindow, signIn, test } from './dashboard-fixtures';

test('Insights ranks what to fix, with evidence and the index to add', async ({ page, seeded }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Insights' }).click();
  const list = page.getByTestId('insights');
  await expect(list).toBeVisible();
  const q = await sameWindow(page);
  const api = await seeded.query<InsightsResponse>(`/v1/insights?${q}&limit=30`);
  const items = list.locator('li.insight');
  await expect(items).toHaveCount(api.insights.length);
  expect(await items.first().getAttribute('data-kind')).toBe(api.insights[0].kind);
  expect(Number(await items.first().locator('[data-impact]').getAttribute('data-impact'))).toBe(
    api.insights[0].impact,
  );

  // The demo's slowest template scans quiz_attempts: its fix is the index SQLite would use.
  const index = items.filter({ hasText: 'quiz_attempts' }).first();
  await expect(index).toHaveAttribute('data-kind', 'db.index');
  await expect(index.locator('.insight-code')).toHaveText(
    'CREATE INDEX idx_quiz_attempts_quiz_id_user_id_started_at ON quiz_attempts(quiz_id, user_id, started_at);',
  );
  await expect(index.locator('.insight-plan')).toContainText('SCAN quiz_attempts');

  await page.setViewportSize({ width: 375, height: 800 });
  await expect(items.first()).toBeVisible();
  await expectNoHorizontalScroll(page, 'Insights on a phone');
});
