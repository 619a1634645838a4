// One contract every store passes: the suite is run against each runtime's assembly
// (node-store.ts with and without its commit thread, worker-store.ts on D1).
import { beforeEach, describe, expect, it } from 'vitest';
import { createSketch, quantiles } from '../../../shared/sketch';
import type { Event } from '../../../shared/protocol';
import { batchRowOf } from '../core/rollup';
import { recordsOf } from '../core/derive';
import { round, summarise } from '../core/queries/read';
import type { Store } from '../ports';
import { readMigrations } from './migration-files';
import { levelsContract } from './contract-levels';
import { checksContract } from './contract-checks';
import { alertsContract } from './contract-alerts';
import { snapshotsContract } from './contract-snapshots';
import { frameContract } from './contract-frame';
import { launchesContract } from './contract-launches';
import { logsContract } from './contract-logs';
import { releasesContract } from './contract-releases';
import { insightsContract } from './contract-insights';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const site = { id: 'site_a', key: 'sk_a', name: 'A', origins: ['https://tool.example'] };
const env = {
  siteId: site.id,
  session: 's1',
  route: '/courses/:id',
  platform: 'canvas',
  frame: 'framed',
  device: 'desktop',
  country: '',
};

function lcp(id: string, value: number, t = NOW): Event {
  return { kind: 'vital', id, t, name: 'LCP', value };
}

function filter(extra: Partial<Parameters<Store['rollupTotals']>[0]> = {}) {
  return {
    siteId: site.id,
    fromMinute: NOW / 60_000 - 60,
    toMinute: NOW / 60_000 + 60,
    metrics: ['LCP'],
    ...extra,
  };
}

/** `open` gives a fresh store as its runtime assembles it, migrated. */
export function describeStoreContract(name: string, open: () => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      expect(await store.appliedMigrations()).toEqual(readMigrations().map((m) => m.name));
      expect(await store.migrate(readMigrations())).toEqual([]);
      await store.createSite(site, NOW);
    });

    it('stores sites and tokens and finds them again', async () => {
      expect(await store.findSiteByKey('sk_a')).toEqual(site);
      expect(await store.findSiteByKey('nope')).toBeNull();
      expect(await store.listSites()).toEqual([site]);
      await store.createToken({ id: 't1', role: 'read', name: 'ro' }, 'hash1', NOW);
      expect(await store.findTokenByHash('hash1')).toEqual({ id: 't1', role: 'read', name: 'ro' });
      expect(await store.findTokenByHash('hash2')).toBeNull();
      await store.ping();
    });

    it('changes a site and rotates its key: the old key is no longer found', async () => {
      expect(await store.findSiteByKey('sk_a')).toEqual(site);
      const renamed = await store.updateSite(site.id, { name: 'A2' });
      expect(renamed).toEqual({ ...site, name: 'A2' });
      expect(await store.updateSite(site.id, { origins: ['*'] })).toEqual({ ...renamed, origins: ['*'] });
      expect(await store.findSiteByKey('sk_a')).toEqual({ ...site, name: 'A2', origins: ['*'] });
      const rotated = await store.rotateSiteKey(site.id, 'sk_b');
      expect(rotated?.key).toBe('sk_b');
      expect(await store.findSiteByKey('sk_a')).toBeNull();
      expect((await store.findSiteByKey('sk_b'))?.id).toBe(site.id);
      expect(await store.updateSite('site_nope', { name: 'x' })).toBeNull();
      expect(await store.rotateSiteKey('site_nope', 'sk_c')).toBeNull();
    });

    it('lists tokens without their hash and revokes one at once', async () => {
      await store.createToken({ id: 't1', role: 'read', name: 'ro' }, 'hash1', NOW, 'abcd');
      await store.createToken({ id: 't2', role: 'admin', name: 'ops' }, 'hash2', NOW + 1);
      expect(await store.listTokens()).toEqual([
        { id: 't1', role: 'read', name: 'ro', createdAt: NOW, last4: 'abcd' },
        { id: 't2', role: 'admin', name: 'ops', createdAt: NOW + 1, last4: null },
      ]);
      expect(await store.revokeToken('t1')).toBe(true);
      expect(await store.revokeToken('t1')).toBe(false);
      expect(await store.findTokenByHash('hash1')).toBeNull();
      expect((await store.listTokens()).map((t) => t.id)).toEqual(['t2']);
    });

    it('knows when a site last received a batch', async () => {
      expect(await store.lastReceivedAt(site.id)).toBeNull();
      await store.commit(batchRowOf(env, [lcp('e0000001', 1200)], NOW + 7), 'r1');
      expect(await store.lastReceivedAt(site.id)).toBe(NOW + 7);
      expect(await store.lastReceivedAt('site_other')).toBeNull();
    });

    it('commits a batch once: a retried batch adds nothing, in whatever order it lists its events', async () => {
      const events = [lcp('e0000001', 1200), lcp('e0000002', 3000)];
      const batch = batchRowOf(env, events, NOW);
      expect(await store.commit(batch, 'r1')).toBe(2);
      expect(await store.commit(batch, 'r2')).toBe(0);
      const reordered = recordsOf(env, [...events].reverse(), NOW + 5_000);
      expect(await store.commit(reordered.batch, 'r3')).toBe(0);
      // A batch is its site, session and events' times and ids: in another session it is another batch.
      const elsewhere = recordsOf({ ...env, session: 's2' }, events, NOW);
      expect(await store.commit(elsewhere.batch, 'r4')).toBe(2);
      // Clients resend batches whole: one that differs by an event is a new batch.
      const more = recordsOf(env, [lcp('e0000002', 3000), lcp('e0000003', 5000)], NOW);
      expect(await store.commit(more.batch, 'r5')).toBe(2);
      expect(await store.countEvents(site.id)).toBe(6);
      const [totals] = await store.rollupTotals(filter());
      expect(totals).toEqual({ metric: 'LCP', count: 6, sum: 16400, good: 2, ni: 3, poor: 1 });
    });

    it('counts a batch sent twice at once (a beacon and its retry) once', async () => {
      const batch = batchRowOf(env, [lcp('g0000001', 1200), lcp('g0000002', 3000)], NOW);
      const fresh = await Promise.all([store.commit(batch, 'r1'), store.commit(batch, 'r2')]);
      expect(fresh.sort()).toEqual([0, 2]);
      expect((await store.rollupTotals(filter()))[0].count).toBe(2);
    });

    it('merges per-minute sketches into the sketch of all values', async () => {
      const values = Array.from({ length: 300 }, (_, i) => 100 + i * 37);
      // Spread over 30 minutes and two routes.
      for (let m = 0; m < 30; m++) {
        const events = values
          .filter((_, i) => i % 30 === m)
          .map((v, i) => lcp(`m${m}-e${i}-x`, v, NOW - m * 60_000));
        const batch = batchRowOf({ ...env, route: m % 2 ? '/a' : '/b' }, events, NOW);
        await store.commit(batch, `r${m}`);
      }
      const merged = summarise(
        await store.rollupTotals(filter()),
        await store.rollupBins(filter()),
        (r) => r.metric,
      ).get('LCP')!;
      expect(merged.count).toBe(300);
      expect([merged.p50, merged.p75, merged.p95, merged.p99]).toEqual(
        quantiles(createSketch(values), [0.5, 0.75, 0.95, 0.99]).map(round),
      );
    });

    it('filters rollups by route, platform, metric and time', async () => {
      const a = recordsOf(env, [lcp('f0000001', 1000)], NOW);
      // Received when it happened: a late event would be counted at arrival.
      const b = recordsOf(
        { ...env, route: '/other', platform: 'moodle' },
        [lcp('f0000002', 2000, NOW - 3 * 3_600_000)],
        NOW - 3 * 3_600_000,
      );
      await store.commit(a.batch, 'r1');
      await store.commit(b.batch, 'r2');
      expect((await store.rollupTotals(filter({ where: { route: '/courses/:id' } })))[0].count).toBe(1);
      // From 4 h back (not from 0: a read seeks every bucket of its range, 29 million minutes since 1970).
      expect(
        (
          await store.rollupTotals(filter({ where: { platform: 'moodle' }, fromMinute: NOW / 60_000 - 240 }))
        )[0].sum,
      ).toBe(2000);
      expect(await store.rollupTotals(filter({ metrics: ['INP'] }))).toEqual([]);
      expect((await store.rollupTotals(filter()))[0].count).toBe(1); // the moodle one is 3 h old
      expect(await store.rollupBins(filter({ where: { route: '/nowhere' } }))).toEqual([]);
    });

    it('finds the latest vital samples of a route, newest first, as sent', async () => {
      const attributed: Event = {
        kind: 'vital',
        id: 's0000001',
        t: NOW - 1000,
        name: 'LCP',
        value: 2000,
        attribution: { element: 'img.hero' },
      };
      const a = recordsOf(
        env,
        [lcp('s0000002', 1000, NOW - 2000), attributed, lcp('s0000003', 3000, NOW - 3 * 86_400_000)],
        NOW,
      );
      const other = recordsOf({ ...env, route: '/other' }, [lcp('s0000004', 4000)], NOW);
      await store.commit(a.batch, 'r1');
      await store.commit(other.batch, 'r2');
      const f = {
        siteId: site.id,
        route: env.route,
        metric: 'LCP',
        from: NOW - 86_400_000,
        to: NOW,
        limit: 10,
      };
      const samples = await store.vitalSamples(f);
      expect(samples.map((s) => s.t)).toEqual([NOW - 1000, NOW - 2000]);
      expect(JSON.parse(samples[0].body)).toEqual(attributed);
      expect(await store.vitalSamples({ ...f, limit: 1 })).toHaveLength(1);
      expect(await store.vitalSamples({ ...f, metric: 'INP' })).toEqual([]);
    });

    it('breaks totals and sketches down by a dimension', async () => {
      const mobile = recordsOf(
        { ...env, device: 'mobile', country: 'NZ' },
        [lcp('g0000001', 4000), lcp('g0000002', 5000)],
        NOW,
      );
      const desktop = recordsOf({ ...env, device: 'desktop', country: 'NZ' }, [lcp('g0000003', 1000)], NOW);
      await store.commit(mobile.batch, 'r1');
      await store.commit(desktop.batch, 'r2');
      const byDevice = await store.rollupTotals(filter({ groupBy: 'device' }));
      expect(
        byDevice
          .map(({ group, count, poor }) => ({ group, count, poor }))
          .sort((a, b) => a.group!.localeCompare(b.group!)),
      ).toEqual([
        { group: 'desktop', count: 1, poor: 0 },
        { group: 'mobile', count: 2, poor: 1 },
      ]);
      const bins = await store.rollupBins(filter({ groupBy: 'device', where: { country: 'NZ' } }));
      expect(bins.filter((b) => b.group === 'mobile').reduce((n, b) => n + b.count, 0)).toBe(2);
      expect(await store.rollupTotals(filter({ where: { country: 'FR' } }))).toEqual([]);
    });

    it('exports and erases one user: their raw batches and sessions go, the aggregates stay', async () => {
      const custom = (id: string): Event => ({ kind: 'custom', id, t: NOW, name: 'quiz_submitted' });
      const mine = [
        recordsOf({ ...env, session: 'u1-s1', user: 'u1' }, [lcp('u1000001', 1000), custom('u1000002')], NOW),
        recordsOf({ ...env, session: 'u1-s2', user: 'u1' }, [lcp('u1000003', 2000)], NOW),
      ];
      const theirs = recordsOf({ ...env, session: 'u2-s1', user: 'u2' }, [lcp('u2000001', 3000)], NOW);
      for (const [i, r] of [...mine, theirs].entries()) await store.commit(r.batch, `r${i}`);
      const exported = await store.userData('u1');
      expect(exported.batches.map((b) => [b.session, b.events.length])).toEqual([
        ['u1-s1', 2],
        ['u1-s2', 1],
      ]);
      expect(exported.batches[0]).toMatchObject({
        siteId: site.id,
        route: env.route,
        platform: 'canvas',
        receivedAt: NOW,
      });
      expect(exported.sessions).toEqual([
        {
          siteId: site.id,
          session: 'u1-s1',
          firstT: NOW,
          lastT: NOW,
          pageviews: 0,
          events: 2,
          features: { quiz_submitted: 1 },
        },
        { siteId: site.id, session: 'u1-s2', firstT: NOW, lastT: NOW, pageviews: 0, events: 1, features: {} },
      ]);
      const before = await store.rollupTotals(filter());
      expect(await store.deleteUser('u1')).toEqual({ batches: 2, sessions: 2 });
      expect(await store.userData('u1')).toEqual({ batches: [], sessions: [] });
      expect(await store.deleteUser('u1')).toEqual({ batches: 0, sessions: 0 });
      expect(await store.countEvents(site.id)).toBe(1);
      expect((await store.userData('u2')).sessions).toHaveLength(1);
      expect(await store.rollupTotals(filter())).toEqual(before);
    });

    it("keeps one salt per day, the first stored, until the day's salts are forgotten", async () => {
      expect(await store.daySalt(20_429, 'first')).toBe('first');
      expect(await store.daySalt(20_429, 'second')).toBe('first');
      expect(await store.daySalt(20_430, 'next-day')).toBe('next-day');
      await store.forgetSalts(20_430);
      expect(await store.daySalt(20_430, 'again')).toBe('next-day');
      expect(await store.daySalt(20_429, 'again')).toBe('again');
    });

    levelsContract(() => store);
    frameContract(() => store);
    checksContract(() => store);
    alertsContract(() => store);
    snapshotsContract(() => store);
    launchesContract(() => store);
    logsContract(() => store);
    releasesContract(() => store);
    insightsContract(() => store);
  });
}
