// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://tool.example.edu/courses/42/launch?page=2&id_token=eyJx&login_hint=u1#top"}
// How the client wires collection to delivery: the page and user in the envelope,
// SPA navigations, beforeSend. Delivery is replaced by a recorder of what it was given.
import { normaliseRoute } from '../../shared/route';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Batch, Event as SightlineEvent } from '../../shared/protocol';
import { USER_KEY } from './lib/user';

type Envelope = Omit<Batch, 'events'>;
interface Delivery {
  queued: SightlineEvent[];
  /** Reasons of the drops counted for the loss report. */
  dropped: string[];
  /** What each flush would have sent: the envelope at that moment and the events queued until then. */
  flushes: { envelope: Envelope; events: SightlineEvent[] }[];
  envelope: () => Envelope;
}
const deliveries: Delivery[] = [];

vi.mock('./deliver/send', () => ({
  createSender: (options: { envelope: () => Envelope }) => {
    const delivery: Delivery = { queued: [], dropped: [], flushes: [], envelope: options.envelope };
    deliveries.push(delivery);
    return {
      push(event: SightlineEvent) {
        delivery.queued.push(structuredClone(event));
      },
      schedule() {},
      drop(reason: string) {
        delivery.dropped.push(reason);
      },
      flush() {
        delivery.flushes.push({ envelope: options.envelope(), events: delivery.queued.splice(0) });
      },
    };
  },
}));

const { start } = await import('./client');
const endpoint = 'https://sightline.example/v1/ingest';
const launchUrl = location.href;

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => setTimeout(cb, 1));
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', launchUrl);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A started client and its delivery, with the idle setup run. */
function client(options: Partial<Parameters<typeof start>[0]> = {}) {
  const widget = start({ endpoint, siteKey: 'sk_test', ...options })!;
  vi.advanceTimersByTime(5);
  return { widget, delivery: deliveries.at(-1)! };
}
const kinds = (events: SightlineEvent[]) => events.map((e) => e.kind);
/** The route the server derives from a page URL. */
const routeOf = (page: { url: string }) => normaliseRoute(new URL(page.url).pathname);

describe('the envelope', () => {
  it('carries the page without query and fragment (the server derives the route from it)', () => {
    const { delivery } = client();
    expect(delivery.envelope().page).toEqual({ url: 'https://tool.example.edu/courses/42/launch' });
    expect(routeOf(delivery.envelope().page)).toBe('/courses/:id/launch');
  });

  it('keeps allow-listed query parameters, but never LTI launch parameters', () => {
    const { delivery } = client({ allowQueryParams: ['page', 'id_token', 'login_hint'] });
    expect(delivery.envelope().page.url).toBe('https://tool.example.edu/courses/42/launch?page=2');
  });

  it("uses the site's user key, else an anonymous per-browser id, unless that is turned off", () => {
    expect(client({ userKey: 'h_5e884898da2804715' }).delivery.envelope().user).toBe('h_5e884898da2804715');
    expect(localStorage.getItem(USER_KEY)).toBeNull();

    const anonymous = client().delivery.envelope().user;
    expect(anonymous).toMatch(/^[\w-]{8,64}$/);
    expect(localStorage.getItem(USER_KEY)).toBe(anonymous);
    expect(client().delivery.envelope().user).toBe(anonymous); // the same browser, a later page

    expect(client({ anonymousUserId: false }).delivery.envelope().user).toBeUndefined();
    expect(localStorage.getItem(USER_KEY)).toBeNull();
  });

  it("with 'daily' stores nothing and asks the server for a key of the day; a site key wins", () => {
    const daily = client({ anonymousUserId: 'daily' }).delivery.envelope();
    expect(daily).toMatchObject({ anonymous: 'daily' });
    expect(daily.user).toBeUndefined();
    expect(localStorage.length).toBe(0);
    expect(
      client({ anonymousUserId: 'daily', userKey: 'h_site_user_001' }).delivery.envelope(),
    ).toMatchObject({
      user: 'h_site_user_001',
      anonymous: undefined,
    });
  });

  it('names a device class', () => {
    expect(['mobile', 'tablet', 'desktop']).toContain(client().delivery.envelope().device);
  });
});

describe('SPA navigations', () => {
  it('flush under the old page, then switch page and route and record a soft page view', () => {
    const { widget, delivery } = client();
    widget.track('opened');
    history.pushState({}, '', '/courses/42/modules/7?tab=files');

    expect(delivery.flushes).toHaveLength(1);
    const [before] = delivery.flushes;
    expect(routeOf(before!.envelope.page)).toBe('/courses/:id/launch');
    expect(kinds(before!.events)).toEqual(['pageview', 'custom']);
    expect(before!.events[0]).toMatchObject({ navigation: 'hard' });

    expect(delivery.envelope().page).toEqual({
      url: 'https://tool.example.edu/courses/42/modules/7',
      referrer: 'https://tool.example.edu/courses/42/launch',
    });
    expect(delivery.queued).toEqual([expect.objectContaining({ kind: 'pageview', navigation: 'soft' })]);
  });

  it('ignore history changes that keep the same scrubbed URL', () => {
    const { delivery } = client();
    history.replaceState({ scroll: 10 }, '', '/courses/42/launch?page=3#section-2');
    expect(delivery.flushes).toHaveLength(0);
    expect(kinds(delivery.queued)).toEqual(['pageview']);
  });

  it('follow back/forward (popstate) too', () => {
    const { delivery } = client();
    history.pushState({}, '', '/courses/42/grades');
    history.replaceState({}, '', launchUrl); // what the browser did before firing popstate
    dispatchEvent(new PopStateEvent('popstate'));
    expect(routeOf(delivery.envelope().page)).toBe('/courses/:id/launch');
    expect(delivery.flushes.map((f) => routeOf(f.envelope.page))).toEqual([
      '/courses/:id/launch',
      '/courses/:id/grades',
    ]);
  });

  it('before the first page view (a router canonicalising its URL at boot) only move the page', () => {
    start({ endpoint, siteKey: 'sk_test' });
    const delivery = deliveries.at(-1)!;
    history.replaceState(null, '', '/courses/42/launch/home');
    vi.advanceTimersByTime(5);
    expect(delivery.flushes).toHaveLength(0);
    expect(delivery.queued).toEqual([expect.objectContaining({ kind: 'pageview', navigation: 'hard' })]);
    expect(delivery.envelope().page).toEqual({ url: 'https://tool.example.edu/courses/42/launch/home' });
  });

  it("leave the page's own history calls working", () => {
    client();
    const result = history.pushState({ n: 1 }, '', '/courses/42/pages/intro');
    expect(result).toBeUndefined();
    expect(location.pathname).toBe('/courses/42/pages/intro');
    expect(history.state).toEqual({ n: 1 });
  });
});

describe('beforeSend', () => {
  it('can edit any event', () => {
    const { widget, delivery } = client({
      beforeSend: (event) =>
        event.kind === 'custom' ? { ...event, props: { ...event.props, course: 'redacted' } } : event,
    });
    widget.track('opened', { course: 'BIO 101' });
    expect(delivery.queued.find((e) => e.kind === 'custom')).toMatchObject({
      name: 'opened',
      props: { course: 'redacted' },
    });
  });

  it('can drop events (null or false), and a throwing hook drops; each drop is counted', () => {
    const { widget, delivery } = client({
      beforeSend: (event) => {
        if (event.kind !== 'custom') return event;
        if (event.name === 'secret') return null;
        if (event.name === 'private') return false;
        if (event.name === 'bug') throw new Error('hook failed');
        return event;
      },
    });
    for (const name of ['kept', 'secret', 'private', 'bug']) widget.track(name);
    expect(
      delivery.queued.filter((e) => e.kind === 'custom').map((e) => (e as { name: string }).name),
    ).toEqual(['kept']);
    expect(delivery.dropped).toEqual(['beforeSend', 'beforeSend', 'beforeSend']);
  });
});

describe('the script tag', () => {
  it('reads data attributes and exposes only window.sightline.track', async () => {
    const script = document.createElement('script');
    script.src = 'https://sightline.example/sightline.js';
    Object.assign(script.dataset, {
      siteKey: 'sk_tag',
      userKey: 'h_tag_user_0001',
      anonymousUserId: 'false',
      allowQueryParams: 'page, id_token',
    });
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
    vi.resetModules();
    await import('./script-tag');
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
    vi.advanceTimersByTime(5);

    const sightline = (window as Window & { sightline?: { track: (name: string) => void } }).sightline!;
    expect(Object.keys(sightline)).toEqual(['track']);
    const delivery = deliveries.at(-1)!;
    expect(delivery.envelope()).toMatchObject({
      siteKey: 'sk_tag',
      user: 'h_tag_user_0001',
      page: { url: 'https://tool.example.edu/courses/42/launch?page=2' },
    });
    sightline.track('from_page');
    expect(delivery.queued.at(-1)).toMatchObject({ kind: 'custom', name: 'from_page' });
  });

  it('sends data-release in every batch envelope, and none without it', async () => {
    const script = document.createElement('script');
    script.src = 'https://sightline.example/sightline.js';
    Object.assign(script.dataset, { siteKey: 'sk_tag', release: '2026.12.1+build.7' });
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
    vi.resetModules();
    await import('./script-tag');
    Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
    vi.advanceTimersByTime(5);
    const delivery = deliveries.at(-1)!;
    expect(delivery.envelope().release).toBe('2026.12.1+build.7');
    expect(delivery.envelope().release).toBe('2026.12.1+build.7'); // every flush, not only the first
    expect(client().delivery.envelope().release).toBeUndefined();
  });
});

describe('privacy signals (Global Privacy Control, Do Not Track)', () => {
  const signal = (name: 'globalPrivacyControl' | 'doNotTrack', value: unknown) =>
    Object.defineProperty(navigator, name, { configurable: true, get: () => value });
  afterEach(() => {
    // Back to a browser without either signal.
    signal('globalPrivacyControl', undefined);
    signal('doNotTrack', null);
  });

  it('by default records the page without any user id, and leaves localStorage alone', () => {
    signal('globalPrivacyControl', true);
    localStorage.setItem(USER_KEY, 'anon-kept-000001');
    const { widget, delivery } = client({ userKey: 'h_site_user_001' });
    widget.track('opened');
    expect(delivery.envelope().user).toBeUndefined();
    expect(kinds(delivery.queued)).toContain('custom');
    expect(localStorage.getItem(USER_KEY)).toBe('anon-kept-000001');
  });

  it("with 'no-collection' installs nothing and records nothing, for GPC and for DNT", () => {
    for (const [name, value] of [
      ['globalPrivacyControl', true],
      ['doNotTrack', '1'],
    ] as const) {
      signal(name, value);
      const before = deliveries.length;
      expect(start({ endpoint, siteKey: 'sk_test', privacySignals: 'no-collection' })).toBeUndefined();
      expect(deliveries.length).toBe(before);
      expect(sessionStorage.length).toBe(0);
      signal(name, name === 'doNotTrack' ? null : undefined);
    }
  });

  it('without a signal, the user is sent as configured', () => {
    signal('doNotTrack', '0');
    const { delivery } = client({ userKey: 'h_site_user_001', privacySignals: 'no-collection' });
    expect(delivery.envelope().user).toBe('h_site_user_001');
  });
});
