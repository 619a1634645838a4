// A learner keeps working in an LTI tool while the Sightline server is down: they
// browse and reload several pages. When the server is back (same port, same data),
// the next page load sends what the widget kept in IndexedDB: every event arrives,
// and each is counted once although page-hide beacons and replays overlap.
import {
  expect,
  freePort,
  hidePage,
  ingestPosts,
  recordSends,
  restartableServer,
  rollupCounts,
  sentLog,
  settle,
  startTool,
  storedRows,
  test,
  track,
  waitFor,
} from './delivery-helpers';

test('events from pages loaded while the server is down arrive once it is back, each counted once', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const toolPort = await freePort();
  const server = await restartableServer({ SIGHTLINE_ORIGINS: `http://127.0.0.1:${toolPort}` });
  const tool = await startTool(toolPort, () => server.baseURL);
  const context = await browser.newContext();
  try {
    await recordSends(context);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    // Page 1 loads while the server is up; it goes down before anything is sent.
    await page.goto(`${tool.origin}/course/1`);
    await settle(page);
    await track(page, 'module_opened', { page: 1 });
    await server.stop();
    const downAt = Date.now();

    // Pages 2 and 3 load (page 1 is left, then page 2) while it is down.
    for (const n of [2, 3]) {
      await page.goto(`${tool.origin}/course/${n}`);
      await settle(page);
      await track(page, 'module_opened', { page: n });
    }
    const whileDown = (await sentLog(page)).filter((s) => s.at >= downAt);
    // Replays wait 10 s after a load, longer than these pages stay: only their beacons go.
    expect(
      whileDown.map((s) => s.via),
      'beacons at page hide, all failing',
    ).toEqual(expect.arrayContaining(['beacon']));

    await server.start();
    const upAt = Date.now();
    // Page 4 replays what pages 1-3 left; then the learner switches tab (its own events go by beacon).
    await page.goto(`${tool.origin}/course/4`);
    await settle(page);
    await track(page, 'module_opened', { page: 4 });
    await hidePage(page);

    // Done when all four pages' custom events are stored, and every event any page sent.
    // (Rows are read before the log, so a send still under way cannot be stored but missing from the log.)
    const { sent, rows } = await waitFor(async () => {
      const rows = storedRows(server);
      const sent = await sentLog(page);
      const stored = new Set(rows.map((r) => r.id));
      const done =
        rows.filter((r) => r.kind === 'custom').length === 4 &&
        sent.every((s) => s.ids.every((id) => stored.has(id)));
      return done ? { sent, rows } : undefined;
    }, 30_000);
    const attempted = new Set(sent.flatMap((s) => s.ids));
    expect(rows.map((r) => r.id).sort(), 'every event sent is stored, nothing else').toEqual(
      [...attempted].sort(),
    );
    const custom = rows
      .filter((r) => r.kind === 'custom')
      .map((r) => JSON.parse(r.body).props.page)
      .sort();
    expect(custom, 'one custom event per page').toEqual([1, 2, 3, 4]);
    expect(rows.filter((r) => r.kind === 'pageview')).toHaveLength(4);
    expect(new Set(rows.map((r) => r.route))).toEqual(new Set(['/course/:id']));
    expect(new Set(rows.map((r) => r.session)).size, 'one tab, one session').toBe(1);

    // Counted once: events sent twice (a beacon at page hide, then a replay) added nothing to the rollups.
    const sends = sent.flatMap((s) => s.ids).length;
    expect(sends, 'some events were sent more than once').toBeGreaterThan(attempted.size);
    const counts = await rollupCounts(server);
    expect(counts.pageviews).toBe(4);
    expect(counts['custom.module_opened']).toBe(4);
    for (const name of ['FCP', 'TTFB', 'LCP']) {
      const stored = rows.filter((r) => r.kind === 'vital' && JSON.parse(r.body).name === name).length;
      expect(stored, `${name} events stored`).toBeGreaterThan(0);
      expect(counts[name] ?? 0, `${name} counted`).toBe(stored);
    }
    expect(storedRows(server)).toHaveLength(rows.length);
    expect(
      ingestPosts(server, upAt).map((r) => r.status),
      'every send after the restart accepted',
    ).not.toContain(429);
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
    await tool.close();
    await server.close();
  }
});
