// The same visit as canvas-vitals, served by the Cloudflare Worker (`wrangler dev`, D1):
// the field vitals for the route include the visit.
import { expect, expectSaneVitals, visitAndLeave, waitForFieldVitals } from './fixtures';
import { test } from './wrangler';

const ROUTE = '/demo/canvas';

test('a visit to a Canvas course page on the Worker shows up in the field vitals', async ({
  page,
  sightline,
}) => {
  const { pageErrors } = await visitAndLeave(page, ROUTE);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);

  const summary = await waitForFieldVitals(sightline, ROUTE);
  expectSaneVitals(summary, ROUTE);
});
