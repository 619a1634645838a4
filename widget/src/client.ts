// Wires session, collectors and delivery for one page. Sampled-out sessions
// install nothing and send nothing; everything not needed at once waits for idle.
import type { Batch, DropReason, Event } from '../../shared/protocol';
import { normaliseRoute } from '../../shared/route';
import { collectErrors } from './collect/errors';
import { collectLms } from './collect/lms';
import { collectLongTasks } from './collect/long-tasks';
import { collectNavigation } from './collect/navigation';
import { onHistoryChange, toPageView } from './collect/page-views';
import { collectResources } from './collect/resources';
import { collectVitals } from './collect/vitals';
import { toCustomEvent, type CustomProps } from './collect/custom';
import { createQueue } from './deliver/queue';
import { createSender } from './deliver/send';
import { cleanUrl, type Recorder } from './lib/event';
import { randomId } from './lib/random-id';
import { createSession, sessionStorageOrUndefined } from './lib/session';
import { deviceClass, userId } from './lib/user';
import { whenIdle } from './lib/when-idle';

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

/** The screen-based device class, or undefined where the page cannot tell. */
function device(): Batch['device'] {
  try {
    const ua = (navigator as Navigator & { userAgentData?: { mobile?: boolean } }).userAgentData;
    return deviceClass(ua?.mobile, Math.min(screen.width, screen.height), matchMedia('(pointer:coarse)').matches);
  } catch {
    return undefined;
  }
}

/** `onDropped` hears every event dropped on the way (tests listen here). */
export function start(options: InitOptions, onDropped?: (reason: DropReason) => void): Client | undefined {
  const { endpoint, siteKey, sampleRate = 1, beforeSend } = options;
  if (typeof fetch !== 'function' || !endpoint || !siteKey) return undefined;
  const allow = Array.isArray(options.allowQueryParams) ? options.allowQueryParams : [];
  const session = createSession(sampleRate, {
    storage: sessionStorageOrUndefined(),
    now: Date.now,
    random: Math.random,
    newId: randomId,
  });
  let current = session.touch();
  if (!current.sampled) return undefined;

  const page = (referrer: string): Batch['page'] => ({
    url: cleanUrl(location.href, allow),
    route: normaliseRoute(location.pathname),
    referrer: referrer || undefined,
  });
  const envelope: Omit<Batch, 'events' | 'sentAt' | 'session'> = {
    siteKey,
    user: userId(options.userKey, options.anonymousUserId !== false, () => localStorage, randomId),
    device: device(),
    // The page the events happened on: a History API navigation switches it after a flush.
    page: page(cleanUrl(document.referrer, allow)),
    lms: collectLms(),
  };
  // Loss counter: delivery connects this to its `dropped` report; safe to call any time.
  const onDrop = (reason: DropReason): void => {
    onDropped?.(reason);
    sender.drop(reason);
  };
  const queue = createQueue();
  const sender = createSender({
    endpoint,
    queue,
    envelope: () => ({ ...envelope, sentAt: Date.now(), session: current.id }),
  });
  // Every collector's events pass here, from listeners and observers of the page:
  // nothing may escape, not even a failing beforeSend.
  const record: Recorder = (event) => {
    let kept: Event | null | false = null;
    try {
      // Every event is activity. A renewal only follows 30 idle minutes, long after
      // the 10 s timer emptied the queue, so queued events never change session.
      current = session.touch();
      if (!current.sampled) return;
      kept = beforeSend ? beforeSend(event) : event;
    } catch {
      // A throwing hook may have been meant to redact: drop rather than leak.
    }
    try {
      if (!kept || typeof kept !== 'object') onDrop('beforeSend');
      else if (queue.push(kept)) sender.schedule();
    } catch {
      // Delivery failures are delivery's to count.
    }
  };

  // Error listeners go in at once so early errors are caught; they cost nothing until one fires.
  const errors = collectErrors(record, sender.schedule, () => onDrop('cap'));
  sender.onFlush(errors.flushCounts);
  // Patched at once so a route change during load is not missed. Before the first
  // page view is recorded (a router canonicalising the URL as it boots) it is still
  // the same page view, only with the new URL.
  let viewed = false;
  onHistoryChange(() => {
    if (cleanUrl(location.href, allow) === envelope.page.url) return;
    if (!viewed) return void (envelope.page = page(envelope.page.referrer ?? ''));
    sender.flush(false); // what is queued happened on the old page
    envelope.page = page(envelope.page.url);
    record(toPageView('soft'));
  });
  const ingest = new URL(endpoint, location.href).href;
  const setup = () =>
    whenIdle(() => {
      viewed = true;
      record(toPageView('hard'));
      addEventListener('pageshow', (e) => e.persisted && record(toPageView('hard')));
      if (typeof PerformanceObserver !== 'function') return;
      collectVitals(record);
      collectNavigation(record);
      collectResources(record, (url) => url.startsWith(ingest));
      collectLongTasks(record);
    });
  // A prerendered page may never be seen: wait until it is shown.
  if ((document as Document & { prerendering?: boolean }).prerendering) {
    document.addEventListener('prerenderingchange', setup, { once: true });
  } else setup();
  return {
    track(name, props) {
      const event = toCustomEvent(name, props);
      if (event) record(event);
    },
  };
}
