// The 'log pattern spike' condition: error lines mined into patterns, each against the same
// window on the previous days, measured through the store as the evaluator does.
import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../../../shared/server-protocol';
import { openStore, rule, SITE, T0 } from '../../../test/alerts';
import { serverBatchRowOf } from '../server-rollup';
import { measure } from './measure';
import { defineRule } from './config';

const DAY = 86_400_000;

async function errors(
  store: Awaited<ReturnType<typeof openStore>>['store'],
  t: number,
  n: number,
  what: string,
) {
  const events = Array.from(
    { length: n },
    (_, i) =>
      ({
        kind: 'log',
        id: `${what.slice(0, 4)}-${t}-${i}`,
        t: t + i,
        level: 'error',
        message: `${what} ${1000 + i}`,
      }) as ServerEvent,
  );
  await store.commit(serverBatchRowOf({ siteId: SITE, service: 'tool' }, events, t + n), `r-${what}-${t}`);
}

describe("condition 'log_pattern_spike'", () => {
  it('counts the patterns that spike against their own baseline; a steady pattern and 1 → 3 do not', async () => {
    const { store } = await openStore();
    const at = T0 - 20 * 60_000; // inside the last hour
    for (const d of [1, 2, 3]) {
      await errors(store, at - d * DAY, 2, 'Failed to process video for course');
      await errors(store, at - d * DAY, 20, 'Grade post failed with status');
      await errors(store, at - d * DAY, 1, 'Cache miss for key');
    }
    await errors(store, at, 15, 'Failed to process video for course');
    await errors(store, at, 20, 'Grade post failed with status');
    await errors(store, at, 3, 'Cache miss for key');
    const r = await rule(store, {
      name: 'log spike',
      condition: { type: 'log_pattern_spike', days: 3 },
      window: '1h',
    });
    expect(r).toMatchObject({ threshold: 1, comparison: '>=' });
    const sites = await store.listSites();
    const deps = { store, now: T0, sites, health: async () => ({ status: 'pass' as const, checks: {} }) };
    expect(await measure(deps, r)).toEqual([
      { siteId: SITE, labels: expect.objectContaining({ site: SITE }), value: 1, samples: 38 },
    ]);
    // A higher minimum count: no spike.
    const strict = defineRule({
      name: 'strict',
      severity: 'warning',
      condition: { type: 'log_pattern_spike', days: 3, minCount: 16 },
      window: '1h',
    });
    expect((await measure(deps, strict))[0].value).toBe(0);
  });
});
