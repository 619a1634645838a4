// Wires session, collectors and delivery for one page. Sampled-out sessions
// install nothing and send nothing; everything not needed at once waits for idle.
import type { Batch } from '../../shared/protocol';
import { normaliseRoute } from '../../shared/route';
import { collectErrors } from './collect/errors';
import { collectLms } from './collect/lms';
import { collectNavigation } from './collect/navigation';
import { collectVitals } from './collect/vitals';
import { toCustomEvent, type CustomProps } from './collect/custom';
import { createQueue } from './deliver/queue';
import { createSender } from './deliver/send';
import { cleanUrl, stamp, type Recorder } from './lib/event';
import { randomId } from './lib/random-id';
import { createSession, sessionStorageOrUndefined } from './lib/session';
import { whenIdle } from './lib/when-idle';

export interface InitOptions {
  /** Where batches are POSTed, e.g. `https://sightline.example.edu/v1/ingest`. */
  endpoint: string;
  /** The site's public key (`sk_...`). */
  siteKey: string;
  /** Share of sessions sent, 0..1; decided once per session. Default 1. */
  sampleRate?: number;
}

export interface Client {
  track(name: string, props?: CustomProps): void;
}

export function start(options: InitOptions): Client | undefined {
  const { endpoint, siteKey, sampleRate = 1 } = options;
  if (typeof fetch !== 'function' || !endpoint || !siteKey) return undefined;
  const session = createSession(sampleRate, {
    storage: sessionStorageOrUndefined(),
    now: Date.now,
    random: Math.random,
    newId: randomId,
  });
  let current = session.touch();
  if (!current.sampled) return undefined;

  // The page is the one loaded: later history changes don't move these events.
  const referrer = cleanUrl(document.referrer);
  const envelope: Omit<Batch, 'events' | 'sentAt' | 'session'> = {
    siteKey,
    page: { url: cleanUrl(location.href), route: normaliseRoute(location.pathname), referrer: referrer || undefined },
    lms: collectLms(),
  };
  const queue = createQueue();
  const sender = createSender({
    endpoint,
    queue,
    envelope: () => ({ ...envelope, sentAt: Date.now(), session: current.id }),
  });
  const record: Recorder = (event) => {
    // Every event is activity. A renewal only follows 30 idle minutes, long after
    // the 10 s timer emptied the queue, so queued events never change session.
    current = session.touch();
    if (current.sampled && queue.push(event)) sender.schedule();
  };

  // Error listeners go in at once so early errors are caught; they cost nothing until one fires.
  const errors = collectErrors(record, sender.schedule);
  sender.onFlush(errors.flushCounts);
  whenIdle(() => {
    record({ ...stamp(), kind: 'pageview', title: document.title.slice(0, 256) || undefined });
    if (typeof PerformanceObserver === 'function') {
      collectVitals(record);
      collectNavigation(record);
    }
  });
  return {
    track(name, props) {
      const event = toCustomEvent(name, props);
      if (event) record(event);
    },
  };
}
