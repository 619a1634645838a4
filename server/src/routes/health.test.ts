// /livez, /readyz and /health in-process over real SQLite files.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { readMigrations } from '../store/migration-files';
import { openSqlite, sqliteExecutor } from '../store/sqlite';
import { createSqlStore } from '../store/sql-store';
import { bootstrap } from '../core/bootstrap';
import { createScheduler } from '../core/scheduler';
import { ADMIN_TOKEN, batch, createTestApp, json, vital } from '../../test/app';

const NOW = Date.UTC(2026, 10, 27, 12, 0);
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

describe('/livez and /readyz', () => {
  it('/livez answers pass without I/O, also to HEAD', async () => {
    const t = await createTestApp(NOW);
    const res = await t.request('/livez');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/health+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'pass' });
    const head = await t.request('/livez', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('/readyz needs storage, the migrations the code expects, and a running scheduler', async () => {
    const migrations = readMigrations().map((m) => m.name);
    const scheduler = createScheduler(() => NOW, []);
    const info = () => ({ ...scheduler.status(), everyMs: 1_000 });
    const t = await createTestApp(NOW, { health: { migrations, scheduler: info } });
    expect(await json(await t.request('/readyz'))).toEqual({
      status: 'fail',
      output: 'the scheduler is not running',
    });
    await scheduler.tick();
    const ready = await t.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'pass' });

    const ahead = await createTestApp(NOW, { health: { migrations: [...migrations, '9999_future.sql'] } });
    const notReady = await ahead.request('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      status: 'fail',
      output: 'migrations not applied: 9999_future.sql',
    });

    await scheduler.stop();
    expect((await t.request('/readyz')).status).toBe(503);
  });
});

describe('/health', () => {
  it('tells anonymous callers only the status, and a read token every check', async () => {
    const t = await createTestApp(NOW);
    const anonymous = await t.request('/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toBe('application/health+json');
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    expect(await anonymous.json()).toEqual({ status: 'pass' });
    expect((await t.request('/health', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    const full = await json(await t.request('/health', { headers: auth }));
    expect(full.status).toBe('pass');
    expect(Object.keys(full.checks).sort()).toEqual([
      'database:responseTime',
      'eventStore:size',
      'ingest:backlog',
      'ingest:lastEventAge',
      'logs:dropped',
      'notifier:queue',
    ]);
    const time = new Date(NOW).toISOString();
    expect(full.checks['database:responseTime']).toEqual([
      {
        componentId: 'read',
        componentType: 'datastore',
        observedValue: expect.any(Number),
        observedUnit: 'ms',
        status: 'pass',
        time,
        durationMs: expect.any(Number),
      },
      {
        componentId: 'write',
        componentType: 'datastore',
        observedValue: expect.any(Number),
        observedUnit: 'ms',
        status: 'pass',
        time,
        durationMs: expect.any(Number),
      },
    ]);
    expect(await t.store.lastBeat('health')).toBe(NOW); // a real write
    expect(full.checks['eventStore:size'][0]).toMatchObject({
      observedValue: expect.any(Number),
      observedUnit: 'bytes',
      status: 'pass',
    });
    expect(full.checks['ingest:backlog'][0]).toMatchObject({
      observedValue: 0,
      observedUnit: 'batches',
      status: 'pass',
    });
    expect(full.checks['ingest:lastEventAge']).toEqual([
      expect.objectContaining({ componentId: t.site.id, status: 'pass', output: 'no events yet' }),
    ]);
    expect(full.checks['notifier:queue'][0]).toMatchObject({
      status: 'pass',
      output: expect.stringMatching(/^not configured/),
    });
    expect(full.checks['notifier:queue'][0].observedValue).toBeUndefined();
  });

  it('finds the last event in sessions when no raw batch is kept (retention, seed-demo; issue #19)', async () => {
    const t = await createTestApp(NOW);
    await t.post('/v1/ingest', batch([vital('evt-00002', 'LCP', 1000, NOW - 60_000)]));
    t.clock.now += 10 * 60_000;
    const pruned = await t.store.prune({ eventsBefore: t.clock.now, rollupsBefore: {}, sessionsBefore: 0 });
    expect(pruned.events).toBe(1);
    const report = await json(await t.request('/health', { headers: auth }));
    // Not `no events yet`: the session's last event, 11 minutes ago.
    expect(report.checks['ingest:lastEventAge'][0]).toMatchObject({ observedValue: 660, observedUnit: 's' });
  });

  it('warns (still 200) when a site that had traffic has been quiet too long', async () => {
    const t = await createTestApp(NOW);
    await t.post('/v1/ingest', batch([vital('evt-00001', 'LCP', 1000, NOW - 60_000)]));
    let report = await json(await t.request('/health', { headers: auth }));
    expect(report.checks['ingest:lastEventAge'][0]).toMatchObject({
      observedValue: 0,
      observedUnit: 's',
      status: 'pass',
    });
    t.clock.now += 2 * 3_600_000;
    const res = await t.request('/health', { headers: auth });
    expect(res.status).toBe(200);
    report = await res.json();
    expect(report).toMatchObject({ status: 'warn', output: 'not passing: ingest:lastEventAge' });
    expect(report.checks['ingest:lastEventAge'][0]).toMatchObject({
      observedValue: 7200,
      status: 'warn',
      output: 'no events for 2 h',
    });
  });

  it('reports the scheduler’s last tick, failing when it stopped', async () => {
    const clock = { now: NOW };
    const scheduler = createScheduler(() => clock.now, []);
    const t = await createTestApp(NOW, {
      clock: () => clock.now,
      health: { scheduler: () => ({ ...scheduler.status(), everyMs: 1_000 }) },
    });
    await scheduler.tick();
    clock.now += 500;
    expect(
      (await json(await t.request('/health', { headers: auth }))).checks['scheduler:lastTickAge'][0],
    ).toMatchObject({ observedValue: 0.5, observedUnit: 's', status: 'pass' });
    clock.now += 4_000;
    expect(
      (await json(await t.request('/health', { headers: auth }))).checks['scheduler:lastTickAge'][0],
    ).toMatchObject({ status: 'warn', output: 'last tick 5 s ago' });
    await scheduler.stop();
    const res = await t.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'fail' });
  });

  it('warns on an ingest backlog and fails on a long one', async () => {
    const t = await createTestApp(NOW);
    let pending = 150;
    const app = createApp({ store: t.store, clock: () => NOW, health: { backlog: () => pending } });
    const get = () => app.fetch(new Request('http://127.0.0.1/health', { headers: auth }));
    expect((await json(await get())).checks['ingest:backlog'][0]).toMatchObject({
      observedValue: 150,
      status: 'warn',
    });
    pending = 5_000;
    expect((await get()).status).toBe(503);
  });

  it('answers 503 when the database cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sightline-health-')), 'test.db');
    const writer = createSqlStore(sqliteExecutor(openSqlite(file)));
    await writer.migrate(readMigrations());
    await bootstrap(writer, () => NOW, { adminToken: ADMIN_TOKEN, origins: [] });
    // Tests run as root, where chmod does not stop writes: a read-only connection does.
    const store = createSqlStore(sqliteExecutor(new Database(file, { readonly: true })));
    const app = createApp({ store, clock: () => NOW });

    const anonymous = await app.fetch(new Request('http://127.0.0.1/health'));
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'fail' });
    const full = await json(await app.fetch(new Request('http://127.0.0.1/health', { headers: auth })));
    expect(full.status).toBe('fail');
    expect(full.output).toBe('not passing: database:responseTime');
    expect(full.checks['database:responseTime'][0]).toMatchObject({ componentId: 'read', status: 'pass' });
    expect(full.checks['database:responseTime'][1]).toMatchObject({
      componentId: 'write',
      status: 'fail',
      output: 'attempt to write a readonly database',
    });
    // Liveness is not readiness and not health: the process still serves.
    expect((await app.fetch(new Request('http://127.0.0.1/livez'))).status).toBe(200);
  });
});
