// Flood isolation, as the reliability suite runs it (issue 18): on a real Node server,
// one site is flooded far past its rate limit from eight connections while another
// site sends at a tenth of its own limit. The flooded site is held at its quota (429s,
// Retry-After); the other keeps every batch; what was answered 202 is what is stored.
import { afterEach, expect, it } from 'vitest';
import { killAll, startFresh, stop } from '../test/node-process';

afterEach(killAll);

const LIMIT = 1_000; // events per second per site, burst of one second

it('holds a flooded site at its quota while another site keeps 100 % success', async () => {
  const { base, first, siteKey, token } = await startFresh({
    SIGHTLINE_RATE_LIMIT: String(LIMIT),
    SIGHTLINE_RATE_BURST: '1',
  });
  const admin = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/v1/sites`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ name: 'Quiet tool', origins: [base] }),
  });
  const quiet = (await created.json()) as { id: string; key: string };
  let n = 0;
  const batchOf = (key: string, events: number) =>
    JSON.stringify({
      siteKey: key,
      sentAt: Date.now(),
      session: `s-${n++}`,
      page: { url: `${base}/demo/canvas` },
      events: Array.from({ length: events }, (_, i) => ({
        kind: 'pageview',
        id: `pageview-${n}-${i}`,
        t: Date.now(),
      })),
    });
  const post = (body: string) =>
    fetch(`${base}/v1/ingest`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'text/plain' },
      body,
    });

  const flood = { sent: 0, accepted: 0, limited: 0, retryAfter: new Set<string>() };
  const calm = { sent: 0, accepted: 0, statuses: new Set<number>() };
  let flooding = true;
  const began = Date.now();
  const flooders = Array.from({ length: 8 }, async () => {
    while (flooding) {
      const res = await post(batchOf(siteKey, 200));
      flood.sent += 200;
      if (res.status === 202) flood.accepted += 200;
      if (res.status === 429) (flood.limited++, flood.retryAfter.add(res.headers.get('retry-after') ?? ''));
      await res.body?.cancel();
    }
  });
  // 10 events at most every 100 ms: a tenth of the quiet site's limit, however fast the server answers.
  for (let i = 0; i < 50; i++) {
    const [res] = await Promise.all([post(batchOf(quiet.key, 10)), new Promise((r) => setTimeout(r, 100))]);
    calm.sent += 10;
    calm.statuses.add(res.status);
    if (res.status === 202) calm.accepted += 10;
    await res.body?.cancel();
  }
  flooding = false;
  await Promise.all(flooders);
  const seconds = (Date.now() - began) / 1000; // printed beside the quota, not asserted

  /** Page views the server stored for a site: its time series summed. */
  const stored = async (site: string) => {
    const res = await fetch(`${base}/v1/timeseries?site=${site}&metric=pageviews&range=1h&step=1h`, {
      headers: admin,
    });
    const { points } = (await res.json()) as { points: { count: number }[] };
    return points.reduce((sum, p) => sum + p.count, 0);
  };
  console.log(
    `flood isolation: in ${seconds.toFixed(1)} s the flooded site sent ${flood.sent} events, ${flood.accepted} accepted ` +
      `(its quota: ${LIMIT}/s × ${seconds.toFixed(1)} s + a ${LIMIT}-event burst = ${Math.round(LIMIT * seconds + LIMIT)}), ${flood.limited} batches answered 429; ` +
      `quiet site ${calm.accepted} of ${calm.sent} accepted`,
  );
  expect(calm.statuses).toEqual(new Set([202]));
  expect(calm.accepted).toBe(calm.sent);
  expect(flood.limited).toBeGreaterThan(0);
  expect([...flood.retryAfter].every((s) => Number(s) >= 1)).toBe(true);
  expect(flood.accepted).toBeLessThan(flood.sent);
  expect(await stored('site_demo')).toBe(flood.accepted);
  expect(await stored(quiet.id)).toBe(calm.accepted);
  expect(await stop(first.child, 'SIGTERM')).toBe(0);
}, 300_000);
