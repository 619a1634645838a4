// Wires session, collectors and delivery for one page. Sampled-out sessions and
// browsers that ask not to be tracked (when the site chose so) install nothing and
// send nothing; everything not needed at once waits for idle, or for load and idle.
import type { Batch, BatchInput, Event } from '../../shared/protocol';
import { detectLms } from '../../shared/lms';
import { collectErrors } from './collect/errors';
import { collectLongTasks } from './collect/long-tasks';
import { collectNavigation } from './collect/navigation';
import { onHistoryChange, toPageView } from './collect/page-views';
import { collectResources } from './collect/resources';
import { collectVitals } from './collect/vitals';
import { toCustomEvent, type CustomProps } from './collect/custom';
import { createSender } from './deliver/send';
import { cleanUrl, type Recorder } from './lib/event';
import { asksNotToTrack, type PrivacySignalChoice } from './lib/privacy';
import { afterLoad, attempt, whenIdle } from './lib/safe';
import { createSession } from './lib/session';
import { deviceClass, userId, type AnonymousId } from './lib/user';

export interface InitOptions {
  /** Where batches are POSTed, e.g. `https://sightline.example.edu/v1/ingest`. */
  endpoint: string;
  /** The site's public key (`sk_...`). */
  siteKey: string;
  /** Share of sessions sent, 0..1; decided once per session. Default 1. */
  sampleRate?: number;
  /** A pseudonymous user key (e.g. a salted hash of the LTI subject), never a raw identity; at most 64 characters. */
  userKey?: string;
  /**
   * Without `userKey`: `true` keeps a random per-browser id in localStorage (`sightline.user`);
   * `'daily'` nothing stored: the server makes a key from a daily secret salt, the address and the
   * user agent, so days cannot be linked; `false` none.
   * Default true.
   */
  anonymousUserId?: AnonymousId;
  /**
   * What a browser sending Global Privacy Control or Do Not Track gets: `'no-user'` (the
   * default) is recorded without any user id (neither `userKey` nor an anonymous one),
   * `'no-collection'` is not recorded at all.
   */
  privacySignals?: PrivacySignalChoice;
  /** Query parameters kept in page URLs; all others (and LTI launch parameters always) are dropped. */
  allowQueryParams?: string[];
  /** The tool's release or version (`2026.12.1`, a commit hash), sent with every batch; letters, digits, `._+-`, at most 64. */
  release?: string;
  /** Sees every event before it is queued: return it (edited or not) to send it, null or false to drop it. */
  beforeSend?: (event: Event) => Event | null | false;
}

export interface Client {
  track(name: string, props?: CustomProps): void;
}

/** Starts collecting; undefined where the widget cannot run or the session is sampled out. */
export function start(options: InitOptions): Client | undefined {
  const { endpoint, siteKey, sampleRate = 1, beforeSend } = options;
  if (typeof fetch !== 'function' || !endpoint || !siteKey) return undefined;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const optedOut = asksNotToTrack(nav);
  if (optedOut && options.privacySignals === 'no-collection') return undefined;
  const allow = Array.isArray(options.allowQueryParams) ? options.allowQueryParams : [];
  // Reached only when used: the property's first read costs milliseconds of start-up (the
  // storage is loaded), and throws in some sandboxed frames, which the session survives.
  const session = createSession(sampleRate, {
    storage: {
      getItem: (key) => sessionStorage.getItem(key),
      setItem: (key, value) => sessionStorage.setItem(key, value),
    },
  });
  // Sampling needs the session at once. With every session in (a rate of 1, the default)
  // nothing needs it before the first flush, and sessionStorage's first access, a good part
  // of start-up in a CPU profile, waits until then: the flush's touch is the activity.
  const lazy = !(sampleRate < 1);
  const touch = () => (current = session.touch());
  let current = lazy ? undefined : session.touch();
  if (current && !current.sampled) return undefined;

  const page = (referrer?: string): Batch['page'] => ({
    url: cleanUrl(location.href, allow),
    referrer: referrer || undefined,
  });
  // The page the events happened on: a History API navigation switches it after a flush.
  let view = page(cleanUrl(document.referrer, allow));
  // The rest of the envelope is read at the first flush, not at start-up: localStorage's
  // first access and LMS detection were a good part of what start-up cost.
  let envelope: Omit<BatchInput, 'events' | 'sentAt' | 'session' | 'page'> | undefined;
  const described = () =>
    (envelope ??= {
      siteKey,
      release: options.release,
      user: optedOut
        ? undefined
        : userId(options.userKey, options.anonymousUserId ?? true, () => localStorage),
      // Nothing kept here: the server makes a key that changes every day (server/src/core/daily-user.ts).
      anonymous: !optedOut && !options.userKey && options.anonymousUserId == 'daily' ? 'daily' : undefined,
      device: attempt(() => {
        const hints = (nav as Navigator & { userAgentData?: { mobile?: boolean } }).userAgentData;
        return deviceClass(
          hints?.mobile,
          Math.min(screen.width, screen.height),
          matchMedia('(pointer:coarse)').matches,
        );
      }),
      // Left out if detection fails: the server assumes { platform: 'other', iframe: false }.
      lms: attempt(() => detectLms(window)),
      // An LTI launch's page: the server SDK names the launch in its Server-Timing (server-sdk/lti.ts).
      launch: attempt(
        () =>
          (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).serverTiming.find(
            (s) => s.name == 'lti-launch',
          )!.description,
      ),
    });
  const sender = createSender({
    endpoint,
    envelope: () => ({ ...described(), page: view, session: touch().id }),
    // Repeats of an error go as one event with their count, in the next batch.
    beforeFlush: () => errors.flushCounts(),
  });
  // Every collector's events pass here, from listeners and observers of the page:
  // nothing may escape, not even a failing beforeSend.
  const record: Recorder = (event) =>
    void attempt(() => {
      // Every event is activity. A renewal only follows 30 idle minutes, long after
      // the 10 s timer emptied the queue, so queued events never change session.
      if (!lazy && !touch().sampled) return;
      // A throwing hook may have been meant to redact: drop rather than leak.
      const kept = beforeSend ? attempt(() => beforeSend(event)) : event;
      if (kept && typeof kept === 'object') sender.push(kept);
      else sender.drop('beforeSend');
    });

  // Error listeners go in at once so early errors are caught; they cost nothing until one fires.
  const errors = collectErrors(record, sender.schedule, () => sender.drop('cap'));
  // Patched at once so a route change during load is not missed. Before the first
  // page view is recorded (a router canonicalising the URL as it boots) it is still
  // the same page view, only with the new URL.
  let viewed = false;
  onHistoryChange(() => {
    if (cleanUrl(location.href, allow) === view.url) return;
    if (!viewed) return void (view = page(view.referrer));
    sender.flush(false); // what is queued happened on the old page
    view = page(view.url);
    record(toPageView('soft'));
  });
  const setup = () =>
    whenIdle(() => {
      viewed = true;
      record(toPageView('hard'));
      // A back/forward-cache restore is a new page view (web-vitals starts new metrics too).
      addEventListener(
        'pageshow',
        (e) => {
          if (e.persisted) record(toPageView('hard'));
        },
        true,
      );
      // Each collector feature-detects the entry types it observes.
      collectVitals(record);
      collectNavigation(record);
      // Their entries are buffered by the browser (resources 250, long tasks and frames 200):
      // observing them once the page has loaded loses nothing and keeps start-up light.
      afterLoad(() => {
        collectResources(record, new URL(endpoint, location.href).href);
        collectLongTasks(record);
      });
    });
  // A prerendered page may never be seen: wait until it is shown.
  if ((document as Document & { prerendering?: boolean }).prerendering) {
    addEventListener('prerenderingchange', () => setup(), true);
  } else setup();
  return {
    track(name, props) {
      const event = toCustomEvent(name, props);
      if (event) record(event);
    },
  };
}
