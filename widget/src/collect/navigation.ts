// One navigation event per page load, from the Navigation Timing Level 2 entry.
// https://www.w3.org/TR/navigation-timing-2/#processing-model
import type { NavigationEvent } from '../../../shared/protocol';
import { ms, stamp, type Recorder } from '../lib/event';
import { afterLoad } from '../lib/safe';

/**
 * Phases in ms: dns, tcp (connect, TLS included), tls, ttfb (request sent →
 * first byte: server time), download (first → last byte), dom (last byte →
 * DOMContentLoaded handlers done: parsing and blocking scripts), load (page
 * start → load handlers done: the whole page load).
 */
export function toNavigationEvent(
  e: PerformanceNavigationTiming & { activationStart?: number },
): NavigationEvent {
  // A prerendered page reports type "navigate"; activationStart tells it apart. The
  // type is a WebIDL enum (navigate, reload, back_forward, prerender), as in the protocol.
  const activated = e.activationStart ?? 0;
  return {
    ...stamp(),
    kind: 'navigation',
    type: activated > 0 ? 'prerender' : e.type,
    dns: ms(e.domainLookupEnd - e.domainLookupStart),
    tcp: ms(e.connectEnd - e.connectStart),
    // secureConnectionStart is 0 for plain HTTP and reused connections.
    tls: e.secureConnectionStart > 0 ? ms(e.connectEnd - e.secureConnectionStart) : 0,
    ttfb: ms(e.responseStart - e.requestStart),
    download: ms(e.responseEnd - e.responseStart),
    dom: ms(e.domContentLoadedEventEnd - e.responseEnd),
    load: ms(e.loadEventEnd - activated),
  };
}

/** Records the page's navigation timing once its load is over, when idle. */
export function collectNavigation(record: Recorder): void {
  afterLoad(() => {
    const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (entry) record(toNavigationEvent(entry));
  });
}
