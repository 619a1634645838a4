// A learner clicks through a single-page LTI tool faster than the site's rate
// limit allows: the server answers 429 with Retry-After N. The widget keeps the
// batch and sends nothing before those N seconds are up (the server's request
// log shows it), then everything arrives.
import {
  expect,
  freePort,
  ingestPosts,
  recordSends,
  restartableServer,
  sentLog,
  settle,
  startTool,
  storedRows,
  test,
  track,
  waitFor,
} from './delivery-helpers';

test('a 429 with Retry-After is honoured: no request before it, then the events arrive', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const toolPort = await freePort();
  // One batch every 5 s per site (a bucket of one, refilled at 0.2 events/s).
  const server = await restartableServer({
    SIGHTLINE_ORIGINS: `http://127.0.0.1:${toolPort}`,
    SIGHTLINE_RATE_LIMIT: '0.2',
    SIGHTLINE_RATE_BURST: '5',
  });
  const tool = await startTool(toolPort, () => server.baseURL);
  const context = await browser.newContext();
  try {
    await recordSends(context);
    const page = await context.newPage();
    await page.goto(`${tool.origin}/course/1`);
    await settle(page);
    // Each route change sends what the previous route collected, at once.
    for (const step of [1, 2, 3]) {
      await track(page, 'step_done', { step });
      await page.evaluate((s) => history.pushState({}, '', `/course/1/step/${s}`), step);
      await page.waitForTimeout(300);
    }

    // Everything the page sent is stored in the end, the last route's events included.
    await page.waitForTimeout(1_000);
    const rows = await waitFor(async () => {
      const rows = storedRows(server);
      const stored = new Set(rows.map((r) => r.id));
      const sent = await sentLog(page);
      const views = rows.filter((r) => r.kind === 'pageview').length;
      return views === 4 && sent.every((s) => s.ids.every((id) => stored.has(id))) ? rows : undefined;
    }, 60_000);
    const views = rows
      .filter((r) => r.kind === 'pageview')
      .map((r) => [r.route, JSON.parse(r.body).navigation]);
    expect(views).toEqual([
      ['/course/:id', 'hard'],
      ...Array.from({ length: 3 }, () => ['/course/:id/step/:id', 'soft']),
    ]);
    expect(rows.filter((r) => r.kind === 'custom').map((r) => JSON.parse(r.body).props.step)).toEqual([
      1, 2, 3,
    ]);

    // The page's side: each 429 was answered with Retry-After N, and its next request left N s later or more.
    const sent = await sentLog(page);
    const limited = sent.filter((s) => s.status === 429);
    expect(limited.length, 'at least one send was rate-limited').toBeGreaterThan(0);
    for (const s of limited) {
      expect(s.retryAfter).toMatch(/^\d+$/);
      const next = sent.find((later) => later.at >= s.answeredAt!);
      expect(next, 'the batch was sent again').toBeDefined();
      expect(next!.at - s.answeredAt!).toBeGreaterThanOrEqual(Number(s.retryAfter) * 1_000);
    }

    // The server's side, from its request log: after each 429, no ingest request arrived for N seconds.
    const posts = ingestPosts(server);
    const rejected = posts.filter((r) => r.status === 429);
    expect(rejected).toHaveLength(limited.length);
    rejected.forEach((r, i) => {
      const n = Number(limited[i]!.retryAfter);
      const next = posts[posts.indexOf(r) + 1];
      expect(next, `a request after 429 #${i + 1}`).toBeDefined();
      expect(next!.arrived - r.at, `429 #${i + 1} asked for ${n} s`).toBeGreaterThanOrEqual(n * 1_000);
    });
    expect(posts.at(-1)!.status).toBe(202);
  } finally {
    await context.close();
    await tool.close();
    await server.close();
  }
});
