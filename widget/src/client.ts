// Wires session, collectors and delivery for one page. Sampled-out sessions
// install nothing and send nothing; everything not needed at once waits for idle.
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
import { attempt, whenIdle } from './lib/safe';
import { createSession } from './lib/session';
import { deviceClass, userId } from './lib/user';

export interface InitOptions {
  /** Where batches are POSTed, e.g. `https://sightline.example.edu/v1/ingest`. */
  endpoint: string;
  /** The site's public key (`sk_...`). */
  siteKey: string;
  /** Share of sessions sent, 0..1; decided once per session. Default 1. */
  sampleRate?: number;
  /** A pseudonymous user key (e.g. a salted hash of the LTI subject), never a raw identity; at most 64 characters. */
  userKey?: string;
  /** Without `userKey`, keep a random per-browser id in localStorage (`sightline.user`). Default true. */
  anonymousUserId?: boolean;
  /** Query parameters kept in page URLs; all others (and LTI launch parameters always) are dropped. */
  allowQueryParams?: string[];
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
  const allow = Array.isArray(options.allowQueryParams) ? options.allowQueryParams : [];
  // Reading the property itself throws in some sandboxed frames.
  const session = createSession(sampleRate, { storage: attempt(() => sessionStorage) });
  let current = session.touch();
  if (!current.sampled) return undefined;

  const page = (referrer?: string): Batch['page'] => ({
    url: cleanUrl(location.href, allow),
    referrer: referrer || undefined,
  });
  const envelope: Omit<BatchInput, 'events' | 'sentAt' | 'session'> = {
    siteKey,
    user: userId(options.userKey, options.anonymousUserId !== false, () => localStorage),
    device: attempt(() => {
      const hints = (navigator as Navigator & { userAgentData?: { mobile?: boolean } }).userAgentData;
      return deviceClass(
        hints?.mobile,
        Math.min(screen.width, screen.height),
        matchMedia('(pointer:coarse)').matches,
      );
    }),
    // The page the events happened on: a History API navigation switches it after a flush.
    page: page(cleanUrl(document.referrer, allow)),
    // Left out if detection fails: the server assumes { platform: 'other', iframe: false }.
    lms: attempt(() => detectLms(window)),
  };
  const sender = createSender({
    endpoint,
    envelope: () => ({ ...envelope, session: current.id }),
    // Repeats of an error go as one event with their count, in the next batch.
    beforeFlush: () => errors.flushCounts(),
  });
  // Every collector's events pass here, from listeners and observers of the page:
  // nothing may escape, not even a failing beforeSend.
  const record: Recorder = (event) =>
    void attempt(() => {
      // Every event is activity. A renewal only follows 30 idle minutes, long after
      // the 10 s timer emptied the queue, so queued events never change session.
      current = session.touch();
      if (!current.sampled) return;
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
    if (cleanUrl(location.href, allow) === envelope.page.url) return;
    if (!viewed) return void (envelope.page = page(envelope.page.referrer));
    sender.flush(false); // what is queued happened on the old page
    envelope.page = page(envelope.page.url);
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
      collectResources(record, new URL(endpoint, location.href).href);
      collectLongTasks(record);
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
