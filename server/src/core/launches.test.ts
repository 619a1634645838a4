import { describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import type { LaunchRow } from '../ports';
import { browserLaunchPart, isWhole, launchDeltasOf, launchTimes, serverLaunchParts } from './launches';

const T = Date.UTC(2026, 10, 27, 12, 0, 0);
const KEY = 'a1b2c3d4e5f60718';

const row = (fields: Partial<LaunchRow> = {}): LaunchRow => ({
  siteId: 's',
  key: KEY,
  firstSeen: T,
  loginAt: T,
  loginMs: 35,
  launchAt: T + 1_235,
  launchMs: 410,
  ok: true,
  platform: 'canvas.test',
  placement: 'course_navigation',
  route: '/lti/launch',
  ttfb: 520,
  fcp: 900,
  lcp: 1_620,
  inp: 80,
  ...fields,
});

describe('launch parts', () => {
  it('takes logins and launches with a key from the SDK, nothing else', () => {
    const events = [
      {
        id: 'e1',
        t: T,
        kind: 'lti',
        action: 'login',
        ok: true,
        platform: 'canvas.test',
        duration: 35,
        launch: KEY,
      },
      {
        id: 'e2',
        t: T + 1_235,
        kind: 'lti',
        action: 'launch',
        ok: false,
        platform: 'canvas.test',
        duration: 410,
        launch: KEY,
        placement: 'link_selection',
      },
      { id: 'e3', t: T, kind: 'lti', action: 'launch', ok: true, platform: 'canvas.test' }, // no key
      { id: 'e4', t: T, kind: 'lti', action: 'nrps', ok: true, platform: 'canvas.test' },
      { id: 'e5', t: T, kind: 'log', level: 'info', message: 'hi' },
    ] as ServerEvent[];
    expect(serverLaunchParts('s', events, T + 5)).toEqual([
      { siteId: 's', key: KEY, seenAt: T + 5, platform: 'canvas.test', loginAt: T, loginMs: 35 },
      {
        siteId: 's',
        key: KEY,
        seenAt: T + 5,
        platform: 'canvas.test',
        launchAt: T + 1_235,
        launchMs: 410,
        ok: false,
        placement: 'link_selection',
      },
    ]);
  });

  it("takes the first of each of a launch page's vitals; a batch without any is no part", () => {
    const v = (name: string, value: number) =>
      ({ id: `v${value}`, t: T, kind: 'vital', name, value }) as Event;
    expect(
      browserLaunchPart('s', KEY, [v('TTFB', 500), v('LCP', 1_600), v('CLS', 0.1), v('LCP', 9_000)], T),
    ).toEqual({ siteId: 's', key: KEY, seenAt: T, ttfb: 500, lcp: 1_600 });
    expect(browserLaunchPart('s', KEY, [{ id: 'p1', t: T, kind: 'pageview' } as Event], T)).toBeUndefined();
  });
});

describe('launch times', () => {
  it('splits a whole launch into stages that add up to the total', () => {
    expect(launchTimes(row())).toEqual({
      login: 35,
      platform: 1_200, // 1,235 − 35: the LMS authenticating and posting back
      tool: 410,
      network: 110, // page TTFB 520 − the tool's 410
      render: 1_100, // LCP 1,620 − TTFB 520
      total: 2_855,
      fcp: 900,
      inp: 80,
    });
    expect(isWhole(row())).toBe(true);
  });

  it('gives only the stages whose parts arrived, and no total without all of them', () => {
    const serverOnly = row({ ttfb: null, fcp: null, lcp: null, inp: null });
    expect(launchTimes(serverOnly)).toEqual({ login: 35, platform: 1_200, tool: 410 });
    expect(isWhole(serverOnly)).toBe(false);
    expect(isWhole(row({ inp: null }))).toBe(true); // no interaction: whole without INP
    expect(launchTimes(row({ loginAt: null, loginMs: null }))).toEqual({
      tool: 410,
      network: 110,
      render: 1_100,
      fcp: 900,
      inp: 80,
    });
    // A page answered before the tool's own clock says it finished (clocks, buffering): never negative.
    expect(launchTimes(row({ ttfb: 300 })).network).toBe(0);
  });

  it('counts a launch at its login minute, keyed by platform, placement and route', () => {
    const deltas = launchDeltasOf(row(), T + 60_000);
    expect(deltas.map((d) => [d.metric, d.value])).toEqual([
      ['launch.login', 35],
      ['launch.platform', 1_200],
      ['launch.tool', 410],
      ['launch.network', 110],
      ['launch.render', 1_100],
      ['launch.total', 2_855],
      ['launch.fcp', 900],
      ['launch.inp', 80],
    ]);
    expect(deltas[0]).toMatchObject({
      minute: T / 60_000,
      route: '/lti/launch',
      platform: 'canvas.test',
      dim: 'course_navigation',
      frame: '',
      count: 1,
    });
  });
});
