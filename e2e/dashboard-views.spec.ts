// Each view renders its numbers, and they are the query API's for the same site and window.
import type { AlertView } from '../shared/alerts';
import type {
  BusinessResponse,
  DatabaseResponse,
  EndpointsResponse,
  ErrorsResponse,
  FeaturesResponse,
  LtiResponse,
  VitalsRoutesResponse,
} from '../shared/query';
import { expect, sameWindow, signIn, test } from './dashboard-fixtures';

test('every view shows the API numbers', async ({ page, seeded }) => {
  await signIn(page);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name });

  await nav('Web vitals').click();
  const routesTable = page.getByTestId('vitals-routes');
  await expect(routesTable).toBeVisible();
  let q = await sameWindow(page);
  const routes = await seeded.query<VitalsRoutesResponse>(
    `/v1/vitals/routes?${q}&metric=LCP&sort=count&limit=50`,
  );
  const first = routesTable.locator('tbody tr').first();
  expect(await first.getAttribute('data-route')).toBe(routes.routes[0].route);
  expect(Number(await first.locator('td[data-value]').getAttribute('data-value'))).toBe(routes.routes[0].p75);
  await expect(page.getByRole('list', { name: 'LCP distribution' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By LMS platform' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Snapshots from the extension' })).toBeVisible();

  await nav('Errors').click();
  await expect(page.getByTestId('error-groups')).toBeVisible();
  q = await sameWindow(page);
  const errors = await seeded.query<ErrorsResponse>(`/v1/errors?${q}&limit=50`);
  const rows = page.getByTestId('error-groups').locator('tbody tr');
  await expect(rows).toHaveCount(errors.groups.length);
  expect(await rows.first().getAttribute('data-fingerprint')).toBe(errors.groups[0].fingerprint);
  expect(Number(await rows.first().locator('td[data-value]').getAttribute('data-value'))).toBe(
    errors.groups[0].count,
  );

  await nav('Endpoints & database').click();
  await expect(page.getByTestId('endpoints')).toBeVisible();
  q = await sameWindow(page);
  const endpoints = await seeded.query<EndpointsResponse>(`/v1/endpoints?${q}&sort=p95&limit=25`);
  const ep = page.getByTestId('endpoints').locator('tbody tr').first();
  expect(await ep.getAttribute('data-route')).toBe(endpoints.endpoints[0].route);
  expect(Number(await ep.locator('td[data-value]').first().getAttribute('data-value'))).toBe(
    endpoints.endpoints[0].count,
  );
  const db = await seeded.query<DatabaseResponse>(`/v1/database?${q}&limit=10`);
  expect(
    Number(await page.getByTestId('database-facts').locator('dd[data-value]').getAttribute('data-value')),
  ).toBe(db.queries);

  await nav('LTI & features').click();
  await expect(page.getByTestId('lti-actions')).toBeVisible();
  q = await sameWindow(page);
  const lti = await seeded.query<LtiResponse>(`/v1/lti?${q}`);
  expect(
    Number(
      await page
        .getByTestId('lti-actions')
        .locator('tr[data-action=launch] td[data-value]')
        .getAttribute('data-value'),
    ),
  ).toBe(lti.actions.launch.count);
  const features = await seeded.query<FeaturesResponse>(`/v1/features?${q}`);
  const feature = features.features[0];
  expect(
    Number(
      await page
        .getByTestId('features')
        .locator(`tr[data-feature="${feature.name}"] td[data-value]`)
        .getAttribute('data-value'),
    ),
  ).toBe(feature.count);

  await nav('Business').click();
  await expect(page.getByTestId('business-facts')).toBeVisible();
  q = await sameWindow(page);
  const biz = await seeded.query<BusinessResponse>(`/v1/business?${q}`);
  const fact = (key: string) =>
    page.getByTestId('business-facts').locator(`dd[data-key=${key}]`).getAttribute('data-value').then(Number);
  expect(await fact('daily')).toBe(biz.activeUsers.daily);
  expect(await fact('weekly')).toBe(biz.activeUsers.weekly);
  expect(await fact('monthly')).toBe(biz.activeUsers.monthly);
  expect(await fact('sessions')).toBe(biz.sessions.count);

  await nav('Alerts').click();
  await expect(page.getByTestId('active-alerts')).toBeVisible();
  const { alerts } = await seeded.query<{ alerts: AlertView[] }>('/v1/alerts?site=site_demo');
  const shown = await page
    .getByTestId('active-alerts')
    .locator('li[data-alert]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')));
  expect(shown.sort()).toEqual(
    alerts
      .filter((a) => a.state !== 'nodata')
      .map((a) => a.id)
      .sort(),
  );
  await expect(page.getByTestId('alert-rules').locator('tr[data-rule=high-error-rate]')).toContainText(
    'firing',
  );
  await expect(page.getByTestId('alert-history')).toContainText('high-error-rate');

  await nav('Health & synthetic').click();
  await expect(page.getByTestId('checks')).toBeVisible();
  const checks = await seeded.query<{ checks: { id: string; uptime: { percent: number } }[] }>(
    '/v1/checks?site=site_demo&range=24h',
  );
  for (const c of checks.checks)
    expect(
      Number(
        await page
          .getByTestId('checks')
          .locator(`tr[data-check=${c.id}] td[data-value]`)
          .getAttribute('data-value'),
      ),
    ).toBe(c.uptime.percent);
  await expect(page.getByTestId('health-checks')).toContainText('database:responseTime');
});
