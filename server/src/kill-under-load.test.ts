// kill -9 under load, as the reliability suite runs it (issue 18): eight clients send
// batches to a real Node server as fast as it answers; the process is killed with
// SIGKILL while requests are in flight, three times, and started again on the same data
// directory. The clients resend every batch that got no 202, unchanged, as the widget
// and the server SDK do. At the end every event sent is stored exactly once: none of
// the acknowledged ones lost, none of those stored but unacknowledged (their answer was
// lost in the kill) counted twice when resent.
import { afterEach, expect, it } from 'vitest';
import { killAll, start, startFresh, stop, type Started } from '../test/node-process';

afterEach(killAll);

const CYCLES = 3;
const SENDERS = 8;
const EVENTS = 50;

/** Resolves once `done()` holds, checking every 20 ms. */
async function until(done: () => boolean, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('stores every event sent exactly once across kill -9 under load and resends', async () => {
  const { env, base, first, siteKey, token } = await startFresh({ SIGHTLINE_RATE_LIMIT: '0' });
  let server: Started = first;
  const bodies: string[] = [];
  const acked = new Set<number>();
  const figures = { unanswered: 0, duplicates: 0 };
  const bodyOf = (b: number) =>
    JSON.stringify({
      siteKey,
      sentAt: Date.now(),
      session: `load-${b}`,
      page: { url: `${base}/demo/canvas` },
      events: Array.from({ length: EVENTS }, (_, i) => ({
        kind: 'vital',
        id: `load-${b}-${i}`,
        t: Date.now(),
        name: 'LCP',
        value: 500 + i,
      })),
    });
  /** One attempt: true once the server answered 202. */
  const send = async (b: number) => {
    try {
      const res = await fetch(`${base}/v1/ingest`, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'text/plain' },
        body: bodies[b],
      });
      const answer = (await res.json()) as { duplicates?: number };
      if (res.status !== 202) return false;
      figures.duplicates += answer.duplicates ?? 0;
      acked.add(b);
      return true;
    } catch {
      return false; // the connection died with the process
    }
  };

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    let loading = true;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (loading) {
        const b = bodies.push('') - 1;
        bodies[b] = bodyOf(b);
        await send(b);
      }
    });
    const before = acked.size;
    await until(() => acked.size >= before + 25 * SENDERS, 'acknowledgements under load');
    // Killed with requests in flight: the senders learn it from their connections.
    const killed = stop(server.child, 'SIGKILL');
    loading = false;
    expect(await killed).toBeNull();
    await Promise.all(senders);
    const unanswered = bodies.map((_, b) => b).filter((b) => !acked.has(b));
    figures.unanswered += unanswered.length;
    server = await start(env);
    // Every batch without a 202 is sent again, unchanged, until it has one.
    for (const b of unanswered)
      while (!(await send(b))) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(acked.size).toBe(bodies.length);

  const res = await fetch(`${base}/v1/vitals?metric=LCP&range=24h`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const stored = ((await res.json()) as { metrics: { LCP: { count: number } } }).metrics.LCP.count;
  console.log(
    `kill -9 under load: ${CYCLES} kills, ${bodies.length} batches (${bodies.length * EVENTS} events) sent, ` +
      `${figures.unanswered} unanswered at a kill and resent, ${figures.duplicates} events of them already stored ` +
      `(answered as duplicates), ${stored} events stored`,
  );
  expect(stored).toBe(bodies.length * EVENTS);
  expect(await stop(server.child, 'SIGTERM')).toBe(0);
}, 600_000);
