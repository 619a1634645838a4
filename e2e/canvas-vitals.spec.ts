// A learner opens a Canvas course page with the widget, uses it and switches tab:
// the server's field vitals for that route now include the visit.
import { expect, expectSaneVitals, test, visitAndLeave, waitForFieldVitals } from './fixtures';

const ROUTE = '/demo/canvas';

test('a visit to a Canvas course page shows up in the field vitals', async ({ page, sightline }) => {
  const { pageErrors } = await visitAndLeave(page, ROUTE);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);

  const summary = await waitForFieldVitals(sightline, ROUTE);
  expectSaneVitals(summary, ROUTE);
});
