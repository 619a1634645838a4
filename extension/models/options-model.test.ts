import { describe, expect, it } from 'vitest';
import { createServerClient } from '../lib/server-client';
import { DEFAULT_SETTINGS, type Settings } from '../lib/types';
import { createOptionsModel } from './options-model';

/** A fake server: /v1/alerts and /v1/alerts/channels answer per token. */
function fakeFetch(
  tokens: Record<string, 'read' | 'admin'>,
  down = false,
  alerts: { state: string; silenced?: boolean }[] = [],
): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (down) throw new TypeError('Failed to fetch');
    const url = new URL(String(input));
    const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
    if (!url.pathname.startsWith('/v1/alerts')) return json(404, { error: 'no route' });
    const role = tokens[token];
    if (!role) return json(401, { error: 'unknown API token', path: 'authorization' });
    if (url.pathname === '/v1/alerts/channels' && role !== 'admin')
      return json(403, { error: 'this token has role read; admin is needed', path: 'authorization' });
    return json(200, url.pathname === '/v1/alerts' ? { alerts } : { channels: [] });
  }) as typeof fetch;
}

/** `granted`: the prompt's answer; `before`: origin patterns granted earlier. */
function model(opts: { granted?: boolean; before?: string[]; fetch?: typeof fetch } = {}) {
  let saved: Settings | null = null;
  const asked: string[][] = [];
  const m = createOptionsModel({
    load: async () => DEFAULT_SETTINGS,
    save: async (s) => void (saved = s),
    requestPermissions: async (p) => (asked.push(p), opts.granted ?? true),
    hasPermission: async (p) => (opts.granted ?? true) || (opts.before ?? []).includes(p),
    testConnection: (s) =>
      createServerClient(s, opts.fetch ?? fakeFetch({ rd: 'read', adm: 'admin' })).testConnection(),
  });
  return { m, saved: () => saved, asked };
}

describe('the options model', () => {
  it('saves normalised settings after asking, in one prompt, for the server origin and the hosts', async () => {
    const { m, saved, asked } = model();
    await m.load();
    m.edit({
      serverUrl: ' https://sightline.example.edu/base/ ',
      token: ' sl_read_x ',
      patterns: 'moodle.example.edu\n*.instructure.com',
    });
    await m.save();
    expect(asked).toEqual([
      [
        'https://sightline.example.edu/*',
        'http://moodle.example.edu/*',
        'https://moodle.example.edu/*',
        'http://*.instructure.com/*',
        'https://*.instructure.com/*',
      ],
    ]);
    expect(saved()).toEqual({
      serverUrl: 'https://sightline.example.edu/base',
      token: 'sl_read_x',
      sitePatterns: ['moodle.example.edu', '*.instructure.com'],
      detectLms: true,
      detectLmsEverywhere: false,
    });
    expect(m.status.value).toEqual({ kind: 'ok', message: 'Saved.' });
  });

  it('asks for every site only when Canvas and Moodle are to be detected everywhere', async () => {
    const { m, saved, asked } = model();
    m.edit({ patterns: '', detectLms: true, detectLmsEverywhere: true });
    await m.save();
    expect(asked).toEqual([['http://*/*', 'https://*/*']]);
    expect(saved()).toMatchObject({ detectLms: true, detectLmsEverywhere: true });
    m.edit({ detectLms: false });
    await m.save();
    expect(asked).toHaveLength(1); // nothing left to ask for
    expect(saved()).toMatchObject({ detectLms: false, detectLmsEverywhere: false });
  });

  it('says which accesses were not granted, and what that costs', async () => {
    const { m, saved } = model({
      granted: false,
      before: ['http://moodle.example.edu/*', 'https://moodle.example.edu/*'],
    });
    m.edit({
      serverUrl: 'https://s.example',
      patterns: 'moodle.example.edu *.instructure.com',
      detectLmsEverywhere: true,
    });
    await m.save();
    expect(saved()).toMatchObject({ serverUrl: 'https://s.example' });
    expect(m.status.value).toEqual({
      kind: 'error',
      message:
        'Saved, but access was not granted to https://s.example (alerts and field data cannot load); *.instructure.com (the overlay does not run there); ' +
        'every site (Canvas and Moodle are detected on the hosts listed only). Save again to be asked again.',
    });
  });

  it('names the field that is wrong', async () => {
    const { m, saved } = model();
    m.edit({ serverUrl: 'ftp://x.example' });
    await m.save();
    expect(m.status.value).toEqual({
      kind: 'error',
      message: 'Server URL: the server URL must start with http:// or https://',
    });
    m.edit({ serverUrl: '', patterns: 'moodle.example.edu\nmoodle.*.edu' });
    await m.save();
    expect(m.status.value).toEqual({
      kind: 'error',
      message: 'Hosts: "moodle.*.edu" is not a host pattern (like moodle.example.edu or *.instructure.com)',
    });
    expect(saved()).toBeNull();
  });

  it('test connection says exactly what is wrong: unreachable, bad token, wrong role', async () => {
    const cases: [string, Parameters<typeof model>[0], RegExp][] = [
      ['adm', {}, /^Connected as admin; 0 active alerts\.$/],
      ['rd', {}, /^Connected as read \(alerts cannot be acknowledged\)/],
      ['nope', {}, /token was refused \(401: unknown API token\)/],
      ['rd', { fetch: fakeFetch({}, true) }, /cannot reach https:\/\/s\.example .*Failed to fetch/],
      [
        'rd',
        { fetch: fakeFetch({}, true), granted: false },
        /Permission to reach https:\/\/s\.example was not granted/,
      ],
    ];
    for (const [token, opts, expected] of cases) {
      const { m } = model(opts);
      m.edit({ serverUrl: 'https://s.example', token });
      await m.testConnection();
      expect(m.test.value?.message, token).toMatch(expected);
    }
  });

  it("counts active alerts as the badge does: a fresh server's no-data rules are not active", async () => {
    const fresh = Array.from({ length: 7 }, () => ({ state: 'nodata' }));
    const { m } = model({ fetch: fakeFetch({ adm: 'admin' }, false, [...fresh, { state: 'firing' }]) });
    m.edit({ serverUrl: 'https://s.example', token: 'adm' });
    await m.testConnection();
    expect(m.test.value?.message).toBe(
      'Connected as admin; 1 active alert (7 rules still waiting for data, not counted).',
    );
  });

  it('reports a 403 on the read endpoints as the wrong role', async () => {
    const forbidden = (async () =>
      new Response(JSON.stringify({ error: 'this token has role ingest; read is needed' }), {
        status: 403,
      })) as typeof fetch;
    const { m } = model({ fetch: forbidden });
    m.edit({ serverUrl: 'https://s.example', token: 'ingest-token' });
    await m.testConnection();
    expect(m.test.value).toEqual({
      ok: false,
      kind: 'forbidden',
      message: 'the token lacks the role needed (403: this token has role ingest; read is needed)',
    });
  });
});
