import { describe, expect, it } from 'vitest';
import { createServices } from './background-services';
import type { SiteInfo } from './server-client';
import { DEFAULT_SETTINGS } from './types';

const settings = { ...DEFAULT_SETTINGS, serverUrl: 'https://s.example', token: 't' };

function services(opts: { permission?: boolean; down?: boolean } = {}) {
  let now = 0;
  let sites: SiteInfo[] = [];
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    calls.push(String(input).replace('https://s.example', ''));
    if (opts.down) throw new TypeError('Failed to fetch');
    const path = new URL(String(input)).pathname;
    const body =
      path === '/v1/sites'
        ? { sites: [{ id: 'site_a', name: 'Tool', origins: ['https://tool.example'] }] }
        : {
            site: 'site_a',
            route: '/launch',
            platform: null,
            from: 0,
            to: 1,
            metrics: {
              LCP: {
                count: 9,
                p50: 900,
                p75: 1100,
                p95: 2000,
                p99: 2500,
                good: 1,
                needsImprovement: 0,
                poor: 0,
              },
            },
          };
    return new Response(JSON.stringify(body));
  }) as typeof fetch;
  const s = createServices({
    settings: async () => settings,
    hasPermission: async () => opts.permission ?? true,
    sites: { get: async () => sites, set: async (v) => void (sites = v) },
    clock: () => now,
    fetch: fetchImpl,
  });
  return { s, calls, advance: (ms: number) => (now += ms) };
}

describe('field p75 lookups', () => {
  it('finds the site by origin, asks for the route, and caches the answer for 5 minutes', async () => {
    const { s, calls, advance } = services();
    expect(await s.field('https://tool.example', '/launch')).toEqual({
      state: 'ok',
      site: 'site_a',
      route: '/launch',
      metrics: { LCP: expect.objectContaining({ p75: 1100 }) },
    });
    await s.field('https://tool.example', '/launch');
    expect(calls).toEqual(['/v1/sites', '/v1/vitals?route=%2Flaunch&site=site_a']);
    advance(5 * 60_000);
    await s.field('https://tool.example', '/launch');
    expect(calls).toHaveLength(3);
  });

  it('says when no site serves the origin', async () => {
    const { s } = services();
    expect(await s.field('https://canvas.example', '/courses/:id')).toEqual({
      state: 'no-site',
      message: 'no Sightline site lists https://canvas.example among its origins',
    });
  });

  it('tells a missing host permission from an unreachable server', async () => {
    expect(
      await services({ down: true, permission: false }).s.field('https://tool.example', '/'),
    ).toMatchObject({ state: 'error', message: expect.stringContaining('without permission') });
    expect(await services({ down: true }).s.field('https://tool.example', '/')).toMatchObject({
      state: 'error',
      message: expect.stringContaining('cannot reach'),
    });
  });
});
