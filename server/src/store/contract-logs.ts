// The Store contract for log lines (migration 0015): kept as sent, searched by full
// text (FTS5) and filters, newest first with a cursor, exceptions grouped, a daily
// byte cap that drops whole batches and counts them, retention. Run inside
// describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { ServerEvent } from '../../../shared/server-protocol';
import { derivedOf } from '../core/derive';
import { dayOf } from '../core/logs';
import { serverBatchRowOf } from '../core/server-rollup';
import type { LogFilter, Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const SITE = 'site_a';
const STACK = `Error: ffmpeg exited 1\n    at transcode (/app/src/video.ts:40:11)\n    at process (/app/src/jobs.ts:12:3)`;

type Line = Omit<Extract<ServerEvent, { kind: 'log' }>, 'id' | 'kind'>;
const batch = (lines: Line[], at = NOW, release = '1.4.0', ids = `log-${at}`) =>
  serverBatchRowOf(
    { siteId: SITE, service: 'tool', release },
    lines.map((l, i) => ({ kind: 'log', id: `${ids}-${i}`, ...l }) as ServerEvent),
    at,
  );
const search = (s: Store, f: Partial<LogFilter> = {}) =>
  s.logs({ siteId: SITE, from: NOW - 3_600_000, to: NOW + 3_600_000, limit: 50, ...f });
const messages = async (p: ReturnType<typeof search>) => (await p).map((l) => l.message);

export function logsContract(store: () => Store) {
  it('keeps log lines as sent and finds them by words, level, request and route, newest first', async () => {
    const s = store();
    const sent = batch([
      {
        t: NOW - 3_000,
        level: 'info',
        message: 'Upload started for course 1234',
        requestId: 'req-1',
        route: '/api/videos',
      },
      {
        t: NOW - 2_000,
        level: 'error',
        message: 'Failed to process video for course 1234',
        context: { videoId: 'vid789', bytes: 5 },
        requestId: 'req-1',
        route: '/api/videos',
        exception: { type: 'Error', message: 'ffmpeg exited 1', stack: STACK },
      },
      {
        t: NOW - 1_000,
        level: 'warn',
        message: 'Slow grade post to canvas',
        requestId: 'req-2',
        route: '/api/grades',
      },
    ]);
    await s.commit(sent, 'r1');
    expect(await messages(search(s))).toEqual([
      'Slow grade post to canvas',
      'Failed to process video for course 1234',
      'Upload started for course 1234',
    ]);
    // Every word, each a prefix; case-insensitive.
    expect(await messages(search(s, { q: 'vid 1234' }))).toEqual(['Failed to process video for course 1234']);
    expect(await messages(search(s, { q: 'COURSE' }))).toHaveLength(2);
    expect(await messages(search(s, { q: '"; DROP' }))).toEqual([]);
    expect(await messages(search(s, { levels: ['warn', 'error'] }))).toHaveLength(2);
    expect(await messages(search(s, { requestId: 'req-1' }))).toHaveLength(2);
    expect(await messages(search(s, { route: '/api/grades' }))).toEqual(['Slow grade post to canvas']);
    expect(await messages(search(s, { release: '1.4.0' }))).toHaveLength(3);
    const [failed] = await search(s, { q: 'failed' });
    expect(failed).toMatchObject({
      id: `log-${NOW}-1`,
      t: NOW - 2_000,
      level: 'error',
      context: '{"videoId":"vid789","bytes":5}',
      requestId: 'req-1',
      route: '/api/videos',
      release: '1.4.0',
      service: 'tool',
      type: 'Error',
      title: 'ffmpeg exited <n>',
      frame: 'transcode (/app/src/video.ts)',
      stack: STACK,
    });
    expect(failed.fingerprint).toMatch(/^[0-9a-f]+$/);
    // A retried batch adds nothing.
    await s.commit(sent, 'r2');
    expect(await search(s)).toHaveLength(3);
  });

  it('pages newest first by (time, insertion), lines of one millisecond included', async () => {
    const s = store();
    const lines = Array.from(
      { length: 5 },
      (_, i) => ({ t: NOW - (i < 3 ? 0 : i), level: 'info', message: `line ${i}` }) as Line,
    );
    await s.commit(batch(lines), 'r1');
    const first = await search(s, { limit: 2 });
    expect(first.map((l) => l.message)).toEqual(['line 2', 'line 1']);
    const last = first[first.length - 1];
    const second = await search(s, { limit: 2, before: { t: last.t, seq: last.seq } });
    expect(second.map((l) => l.message)).toEqual(['line 0', 'line 3']);
    const tail = second[second.length - 1];
    expect(await messages(search(s, { limit: 2, before: { t: tail.t, seq: tail.seq } }))).toEqual(['line 4']);
  });

  it('groups exceptions by type, message template and top frame, with count, first and last seen and releases', async () => {
    const s = store();
    const failure = (t: number, id: number) =>
      ({
        t,
        level: 'error',
        message: `Failed to process video ${id}`,
        exception: { type: 'Error', message: `ffmpeg exited ${id}`, stack: STACK },
      }) as Line;
    await s.commit(batch([failure(NOW - 5_000, 1)], NOW - 4_000, '1.3.0'), 'r1');
    await s.commit(
      batch([failure(NOW - 1_000, 2), { t: NOW, level: 'error', message: 'no exception' }], NOW, '1.4.0'),
      'r2',
    );
    const groups = await s.exceptionGroups(SITE, NOW - 60_000, NOW, 10);
    expect(groups).toEqual([
      {
        fingerprint: expect.any(String),
        type: 'Error',
        title: 'ffmpeg exited <n>',
        frame: 'transcode (/app/src/video.ts)',
        message: 'Failed to process video 2', // the latest line's
        stack: STACK,
        count: 2,
        firstSeen: NOW - 5_000,
        lastSeen: NOW - 1_000,
        firstRelease: '1.3.0',
        lastRelease: '1.4.0',
        routes: [],
      },
    ]);
    expect(await s.exceptionGroups(SITE, NOW - 60_000, NOW, 10, groups[0].fingerprint)).toHaveLength(1);
    expect(await s.exceptionGroups(SITE, NOW - 60_000, NOW, 10, 'nope')).toEqual([]);
  });

  it('drops a whole batch once the day is over its byte cap, counts it, and forgets lines after retention', async (ctx) => {
    const s = store();
    const capped = async (lines: Line[], receipt: string, at = NOW, cap = 200) => {
      const b = batch(lines, at, '1.4.0', receipt.replace('r4', 'r3'));
      const derived = derivedOf(b);
      return s.commit(b, receipt, { ...derived, logs: { ...derived.logs!, cap } });
    };
    const line = (message: string) => ({ t: NOW, level: 'info', message }) as Line;
    await capped([line('z')], 'r0', NOW, 0); // a cap of 0 keeps nothing
    // The commit thread derives each batch itself (its cap comes from its cardinality options),
    // so a cap cannot be handed to it; it writes with the in-process group commit's code.
    if ((await search(s)).length) ctx.skip();
    await capped([line('a'.repeat(100))], 'r1'); // 164 bytes: under the cap before, kept
    await capped([line('b'.repeat(100)), line('c')], 'r2'); // crosses it: kept (the cap is checked before)
    await capped([line('d'), line('e')], 'r3'); // over: dropped, both lines
    await capped([line('d'), line('e')], 'r4'); // a retry of r3: nothing at all
    expect(await messages(search(s))).toHaveLength(3);
    expect(await s.logUsage(SITE, dayOf(NOW) - 1, dayOf(NOW))).toEqual([
      { day: dayOf(NOW), bytes: 164 + 164 + 65, lines: 3, dropped: 3, droppedBytes: 195 },
    ]);
    // The next day starts again.
    await capped([{ t: NOW + 86_400_000, level: 'info', message: 'f' }], 'r5', NOW + 86_400_000);
    expect((await s.logUsage(SITE, dayOf(NOW), dayOf(NOW) + 1))[0]).toMatchObject({ lines: 1, dropped: 0 });
    const pruned = await s.prune({
      eventsBefore: 0,
      rollupsBefore: {},
      sessionsBefore: 0,
      logsBefore: NOW + 1,
    });
    expect(pruned.logs).toBe(3);
    expect(await search(s, { q: 'a', to: NOW + 2 * 86_400_000 })).toEqual([]);
    expect(await messages(search(s, { to: NOW + 2 * 86_400_000 }))).toEqual(['f']);
  });
}
