// Smoke test of the Node runtime as a user runs it: a real process, a real
// SQLite file, a real port; stopped with SIGTERM and started again.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { derivedOf } from '../core/derive';
import { batchRowOf } from '../core/rollup';
import { createGroupCommit } from '../store/sqlite-group-commit';
import { openSqlite } from '../store/sqlite';
import { freePort, killAll, runToExit, start, startFresh, stop } from '../../test/node-process';

afterEach(killAll);

describe('Node runtime', () => {
  it('says in one line that the port is taken, and exits 1 (issue #19 item 12)', async () => {
    const port = await freePort();
    const taken = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'sightline-node-'));
      const { code, output } = await runToExit({ PORT: String(port), DATA_DIR: dir });
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        `Port ${port} on 127.0.0.1 is already in use (another Sightline, or another program): stop it, or start with PORT=<another port>.`,
      );
    } finally {
      taken.close();
    }
  });

  it('says in one line, with the path, that the data directory cannot be written, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sightline-node-'));
    mkdirSync(join(dir, 'sightline.db')); // what SQLite cannot open as a database file, even for root
    const { code, output } = await runToExit({ PORT: String(await freePort()), DATA_DIR: dir });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).toContain(`Sightline cannot write its data directory ${dir} (SQLITE_CANTOPEN)`);
    expect(output).toContain('set DATA_DIR');
  });

  it('creates a site and admin token on first start, keeps acknowledged data across a restart', async () => {
    const { env, base, first, siteKey, token } = await startFresh();
    const batch = {
      siteKey,
      sentAt: Date.now(),
      session: 'smoke',
      page: { url: `${base}/demo/canvas` },
      events: [{ kind: 'vital', id: 'smoke-lcp-1', t: Date.now(), name: 'LCP', value: 1234 }],
    };
    const res = await fetch(`${base}/v1/ingest`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'text/plain' },
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(202);
    expect(await stop(first.child, 'SIGTERM')).toBe(0);

    const second = await start(env);
    expect(second.output()).toContain(siteKey);
    expect(second.output()).not.toContain(token); // shown once, stored hashed
    const vitals = (await (
      await fetch(`${base}/v1/vitals?metric=LCP`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { metrics: { LCP: { count: number } } };
    expect(vitals.metrics.LCP.count).toBe(1);
    expect((await fetch(`${base}/sightline.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await stop(second.child, 'SIGINT')).toBe(0);
  });

  it('keeps every acknowledged batch when the process is killed right after (commits are on their own thread)', async () => {
    const { env, base, first, siteKey, token } = await startFresh();
    const send = (b: number) =>
      fetch(`${base}/v1/ingest`, {
        method: 'POST',
        headers: { origin: base, 'content-type': 'text/plain' },
        body: JSON.stringify({
          siteKey,
          sentAt: Date.now(),
          session: `kill-${b}`,
          page: { url: `${base}/demo/canvas` },
          events: Array.from({ length: 20 }, (_, i) => ({
            kind: 'vital',
            id: `kill-${b}-${i}`,
            t: Date.now(),
            name: 'LCP',
            value: 1000 + i,
          })),
        }),
      });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, b) => send(b)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 202));
    expect(await stop(first.child, 'SIGKILL')).toBeNull();

    const second = await start(env);
    const vitals = (await (
      await fetch(`${base}/v1/vitals?metric=LCP`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { metrics: { LCP: { count: number } } };
    expect(vitals.metrics.LCP.count).toBe(600);
  });

  it('derives on start the batches a crash left stored but not yet derived, once', async () => {
    const { env, base, first, token } = await startFresh();
    expect(await stop(first.child, 'SIGTERM')).toBe(0);
    // The commit thread's way, stopped between the 202s and the derived rows: 3 batches stored, none derived.
    const db = openSqlite(join(env.DATA_DIR, 'sightline.db'));
    const store = createGroupCommit(db, {
      derive: async (row) => derivedOf(row),
      deriveLater: { batches: 1_000, ms: 60_000 },
    });
    const now = Date.now();
    for (let b = 0; b < 3; b++) {
      const lcp = (i: number) => ({
        kind: 'vital' as const,
        id: `crash-${b}-${i}`,
        t: now,
        name: 'LCP' as const,
        value: 1000 + i,
      });
      const batch = batchRowOf(
        {
          siteId: 'site_demo',
          session: `crash-${b}`,
          route: '/demo/canvas',
          platform: 'canvas',
          frame: 'framed',
          device: 'desktop',
          country: '',
        },
        [lcp(0), lcp(1)],
        now,
      );
      expect(await store.commit(batch, `r${b}`)).toBe(2);
    }
    db.close();

    const lcpCount = async () =>
      (
        (await (
          await fetch(`${base}/v1/vitals?metric=LCP`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as { metrics: { LCP: { count: number } } }
      ).metrics.LCP.count;
    const second = await start(env);
    expect(second.output()).toContain('derived again 3 batches stored before the last stop');
    expect(await lcpCount()).toBe(6);
    expect(await stop(second.child, 'SIGTERM')).toBe(0);
    const third = await start(env);
    expect(third.output()).not.toContain('derived again');
    expect(await lcpCount()).toBe(6);
  });
});
