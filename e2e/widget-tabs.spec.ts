// A learner has two tabs of the same LTI tool open while the Sightline server is
// down; both keep events in the shared IndexedDB buffer. When the network and the
// server are back, both tabs wake up at once, but one of them (the holder of the
// `sightline-flush` Web Lock) sends what both kept: no buffered event goes twice.
import {
  expect,
  freePort,
  hidePage,
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

test('two tabs open while the server is down do not both send the buffered events', async ({ browser }) => {
  test.setTimeout(120_000);
  const toolPort = await freePort();
  const server = await restartableServer({ SIGHTLINE_ORIGINS: `http://127.0.0.1:${toolPort}` });
  const tool = await startTool(toolPort, () => server.baseURL);
  const context = await browser.newContext();
  try {
    await recordSends(context);
    await server.stop();

    // Both tabs load and are used while the server is down, then the learner leaves them (page hide).
    const tabs = [await context.newPage(), await context.newPage()];
    for (const [i, tab] of tabs.entries()) {
      await tab.goto(`${tool.origin}/course/${i + 1}`);
      await settle(tab);
      await track(tab, 'quiz_started', { tab: i + 1 });
    }
    for (const tab of tabs) await hidePage(tab);
    const buffered = new Set((await sentLog(tabs[0]!)).flatMap((s) => s.ids));
    expect(buffered.size, 'events kept while the server was down').toBeGreaterThan(4);
    const stored = () =>
      tabs[0]!.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('sightline');
            open.onsuccess = () => {
              const count = open.result.transaction('b').objectStore('b').count();
              count.onsuccess = () => (resolve(count.result), open.result.close());
            };
          }),
      );
    const batches = await waitFor(() => stored(), 5_000);

    // Server and network back: both tabs hear `online` at the same moment.
    await server.start();
    await context.setOffline(true);
    const backAt = Date.now();
    await context.setOffline(false);

    await waitFor(() => {
      const have = new Set(storedRows(server).map((r) => r.id));
      return [...buffered].every((id) => have.has(id));
    }, 30_000);
    // The tab that found the lock taken looks again 10 s later: it must find nothing left.
    await tabs[0]!.waitForTimeout(11_000);

    const after = (await sentLog(tabs[0]!)).filter((s) => s.at >= backAt);
    const ids = after.flatMap((s) => s.ids);
    expect(new Set(ids), 'the buffered events were sent').toEqual(buffered);
    expect(ids.length, 'each buffered event in exactly one request').toBe(buffered.size);
    expect(new Set(after.map((s) => s.page)).size, 'by one tab').toBe(1);
    // The server saw one request per stored batch, all accepted: what one flusher makes.
    const posts = ingestPosts(server, backAt);
    expect(posts.map((r) => r.status)).toEqual(Array.from({ length: batches }, () => 202));
    expect(after.map((s) => s.via)).toEqual(Array.from({ length: batches }, () => 'fetch'));
  } finally {
    await context.close();
    await tool.close();
    await server.close();
  }
});
