// One navigation event per page load, from the Navigation Timing Level 2 entry.
// https://www.w3.org/TR/navigation-timing-2/#processing-model
import type { NavigationEvent } from '../../../shared/protocol';
import { ms, stamp, type Recorder } from '../lib/event';
import { whenIdle } from '../lib/when-idle';

const TYPES: readonly string[] = ['navigate', 'reload', 'back_forward', 'prerender'];

/**
 * Phases in ms: dns, tcp (connect, TLS included), tls, ttfb (request sent →
 * first byte: server time), download (first → last byte), dom (last byte →
 * DOMContentLoaded handlers done: parsing and blocking scripts), load (page
 * start → load handlers done: the whole page load).
 */
export function toNavigationEvent(entry: PerformanceNavigationTiming): NavigationEvent {
  const e = entry;
  // A prerendered page reports type "navigate"; activationStart tells it apart.
  const activationStart = (e as { activationStart?: number }).activationStart ?? 0;
  const type = activationStart > 0 ? 'prerender' : TYPES.includes(e.type) ? e.type : 'navigate';
  return {
    ...stamp(),
    kind: 'navigation',
    type: type as NavigationEvent['type'],
    dns: ms(e.domainLookupEnd - e.domainLookupStart),
    tcp: ms(e.connectEnd - e.connectStart),
    // secureConnectionStart is 0 for plain HTTP and reused connections.
    tls: e.secureConnectionStart > 0 ? ms(e.connectEnd - e.secureConnectionStart) : 0,
    ttfb: ms(e.responseStart - e.requestStart),
    download: ms(e.responseEnd - e.responseStart),
    dom: ms(e.domContentLoadedEventEnd - e.responseEnd),
    load: ms(e.loadEventEnd - activationStart),
  };
}

/** Waits for the load event to finish (loadEventEnd is 0 until then), then records once when idle. */
export function collectNavigation(record: Recorder): void {
  const send = () =>
    whenIdle(() => {
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      if (entry) record(toNavigationEvent(entry));
    });
  if (document.readyState === 'complete') send();
  else addEventListener('load', () => setTimeout(send, 0), { once: true });
}
