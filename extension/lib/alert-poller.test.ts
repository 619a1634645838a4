import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/alerts';
import { EMPTY_CACHE, createAlertPoller } from './alert-poller';
import { alertsForPage, badgeFor, ageText } from './alerts';
import { ServerError } from './server-client';
import type { AlertCache } from './types';

const alert = (
  id: string,
  severity: AlertView['severity'],
  state: AlertView['state'] = 'firing',
  extra: Partial<AlertView> = {},
): AlertView => ({
  id,
  rule: `r-${id}`,
  name: `Alert ${id}`,
  severity,
  state,
  site: 'site_a',
  route: null,
  labels: {},
  value: 1,
  threshold: 0,
  comparison: '>',
  since: '2026-11-27T12:00:00Z',
  firedAt: null,
  resolvedAt: null,
  acknowledged: null,
  silenced: false,
  links: {
    self: `https://s.example/v1/alerts/${id}`,
    dashboard: `https://s.example/dashboard/alerts?alert=${id}`,
  },
  ...extra,
});

/** A poller over in-memory fakes and a fake clock. */
function setup(responses: (() => AlertView[])[]) {
  let now = Date.UTC(2026, 10, 27, 12, 0, 0);
  let cache: AlertCache = EMPTY_CACHE;
  const badges: { text: string; colour: string; title: string }[] = [];
  const notified: string[] = [];
  let call = 0;
  const poller = createAlertPoller({
    clock: () => now,
    fetchAlerts: async () => responses[Math.min(call++, responses.length - 1)](),
    load: async () => cache,
    save: async (c) => void (cache = c),
    setBadge: async (b) => void badges.push(b),
    notify: async (a) => void notified.push(a.id),
    fetchRole: async () => 'read',
  });
  return { poller, badges, notified, advance: (ms: number) => (now += ms), cache: () => cache };
}

describe('alert polling', () => {
  it('counts firing and pending alerts on the badge in the colour of the worst severity', async () => {
    const t = setup([
      () => [
        alert('a', 'warning'),
        alert('b', 'critical', 'pending'),
        alert('c', 'critical', 'nodata'),
        alert('d', 'info', 'firing', { silenced: true }),
      ],
    ]);
    await t.poller.poll();
    expect(t.badges.at(-1)).toEqual({ text: '2', colour: '#c5221f', title: 'Sightline: 2 active alerts' });
    expect(t.cache()).toMatchObject({
      fetchedAt: Date.UTC(2026, 10, 27, 12, 0, 0),
      error: null,
      role: 'read',
    });
  });

  it('notifies a new critical firing alert once, and again only as a new alert', async () => {
    const t = setup([
      () => [alert('a', 'critical')],
      () => [alert('a', 'critical'), alert('w', 'warning')],
      () => [],
      () => [alert('a2', 'critical')],
    ]);
    for (let i = 0; i < 4; i++) {
      await t.poller.poll();
      t.advance(60_000);
    }
    expect(t.notified).toEqual(['a', 'a2']);
    expect(t.cache().notified).toEqual(['a2']); // resolved ids are forgotten
  });

  it('does not notify acknowledged or pending critical alerts', async () => {
    const t = setup([
      () => [
        alert('p', 'critical', 'pending'),
        alert('k', 'critical', 'firing', { acknowledged: { at: 'x', by: 'ops' } }),
      ],
    ]);
    await t.poller.poll();
    expect(t.notified).toEqual([]);
  });

  it('keeps the last known alerts with their time when the server is unreachable', async () => {
    const t = setup([
      () => [alert('a', 'warning')],
      () => {
        throw new ServerError('unreachable', 'cannot reach https://s.example');
      },
    ]);
    await t.poller.poll();
    t.advance(180_000);
    await t.poller.poll();
    expect(t.cache()).toMatchObject({
      alerts: [{ id: 'a' }],
      fetchedAt: Date.UTC(2026, 10, 27, 12, 0, 0),
      error: { kind: 'unreachable', at: Date.UTC(2026, 10, 27, 12, 3, 0) },
    });
    expect(t.badges.at(-1)).toEqual({
      text: '1',
      colour: '#5f6368',
      title: 'Sightline: 1 active alert (server unreachable: last known)',
    });
    expect(ageText(180_000)).toBe('3 min ago');
  });

  it('runs overlapping polls one after the other', async () => {
    const t = setup([() => [alert('a', 'critical')]]);
    await Promise.all([t.poller.poll(), t.poller.poll(), t.poller.poll()]);
    expect(t.notified).toEqual(['a']);
    expect(t.badges).toHaveLength(3);
  });

  it('shows an empty badge when no server is configured', async () => {
    const t = setup([
      () => {
        throw new ServerError('unconfigured', 'no server');
      },
    ]);
    await t.poller.poll();
    expect(t.badges.at(-1)?.text).toBe('');
  });
});

describe('which alerts concern a page', () => {
  const sites = [
    { id: 'site_a', name: 'Tool', origins: ['https://tool.example'] },
    { id: 'site_b', name: 'Other', origins: ['https://other.example'] },
  ];
  it('matches the site by the origin of the page or its tool frame, and the route when the alert has one', () => {
    const alerts = [
      alert('site', 'warning'),
      alert('route', 'critical', 'firing', { route: '/quiz/:id' }),
      alert('elsewhere', 'critical', 'firing', { site: 'site_b' }),
    ];
    const pages = [
      { origin: 'https://canvas.example', route: '/courses/:id' },
      { origin: 'https://tool.example', route: '/launch' },
    ];
    expect(alertsForPage(alerts, sites, pages).map((a) => a.id)).toEqual(['site']);
    expect(
      alertsForPage(alerts, sites, [{ origin: 'https://tool.example', route: '/quiz/:id' }]).map((a) => a.id),
    ).toEqual(['site', 'route']);
  });
  it('badge: 99+ past 99', () => {
    expect(
      badgeFor(
        Array.from({ length: 120 }, (_, i) => alert(String(i), 'info')),
        false,
      ).text,
    ).toBe('99+');
  });
});
