// A learner opens a Moodle course page with the widget, uses it and switches tab:
// the server's field vitals for that route now include the visit.
import { expect, expectSaneVitals, test, visitAndLeave, waitForFieldVitals } from './fixtures';

const ROUTE = '/demo/moodle';

test('a visit to a Moodle course page shows up in the field vitals', async ({ page, sightline }) => {
  const { pageErrors } = await visitAndLeave(page, ROUTE);
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);

  const summary = await waitForFieldVitals(sightline, ROUTE);
  expectSaneVitals(summary, ROUTE);
});
