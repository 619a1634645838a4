// A learner clicks a button whose handler throws: the error arrives with its stack,
// source and position, once.
import type { ErrorEvent } from '../shared/protocol';
import { expect, hidePage, openDemo, sessionOf, test, waitForKinds } from './widget-helpers';

test('an error thrown by the page arrives with its stack', async ({ page, sightline }) => {
  const { pageErrors } = await openDemo(page, '/demo/canvas');
  await page.locator('#throw-error').click();
  await page.locator('#throw-error').click(); // the same error again: counted, not resent at once
  await hidePage(page);
  const session = await sessionOf(page); // written at the first flush

  const stored = await waitForKinds(sightline, session, ['error']);
  const errors = stored.filter((s) => s.kind === 'error').map((s) => s.event as ErrorEvent);
  expect(pageErrors).toHaveLength(2);
  const [first, repeat] = errors;
  expect(first).toMatchObject({
    type: 'error',
    message: 'Uncaught Error: Demo: broken link report failed',
    source: new URL('/demo/canvas', sightline.baseURL).href,
    count: 1,
  });
  expect(first!.line).toBeGreaterThan(0);
  expect(first!.col).toBeGreaterThan(0);
  expect(first!.stack).toContain('Error: Demo: broken link report failed');
  expect(first!.stack).toMatch(/at HTMLButtonElement\.<anonymous> \(.*\/demo\/canvas:\d+:\d+\)/);
  expect(repeat, 'the repeat, counted and sent with the next flush').toMatchObject({
    message: first!.message,
    count: 1,
  });
  expect(errors).toHaveLength(2);
});
