// What a snapshot adds to the live readings: navigation timing, the slowest
// resources, the device and its connection. Read from this frame's performance timeline.
import { scrubUrl } from '../../lib/scrub';
import type {
  SnapshotDevice,
  SnapshotLongTasks,
  SnapshotNavigation,
  SnapshotResource,
} from '../../../shared/snapshot';

const ms = (n: number) => Math.max(0, Math.round(n));

export function navigationTiming(): SnapshotNavigation | null {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (!nav) return null;
  return {
    type: nav.type,
    dns: ms(nav.domainLookupEnd - nav.domainLookupStart),
    tcp: ms(nav.connectEnd - nav.connectStart),
    tls: nav.secureConnectionStart > 0 ? ms(nav.connectEnd - nav.secureConnectionStart) : 0,
    ttfb: ms(nav.responseStart - (nav.activationStart ?? 0)),
    download: ms(nav.responseEnd - nav.responseStart),
    domInteractive: ms(nav.domInteractive),
    domContentLoaded: ms(nav.domContentLoadedEventEnd),
    load: ms(nav.loadEventEnd),
    transferSize: nav.transferSize ?? 0,
  };
}

export function slowestResources(limit = 10): SnapshotResource[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .slice()
    .sort((a, b) => b.duration - a.duration)
    .slice(0, limit)
    .map((r) => ({
      url: scrubUrl(r.name) || r.name.slice(0, 200),
      type: r.initiatorType,
      start: ms(r.startTime),
      duration: ms(r.duration),
      transferSize: r.transferSize ?? 0,
      status: (r as PerformanceResourceTiming & { responseStatus?: number }).responseStatus || undefined,
    }));
}

export function deviceInfo(): SnapshotDevice {
  const n = navigator as Navigator & {
    deviceMemory?: number;
    connection?: { effectiveType?: string; rtt?: number; downlink?: number; saveData?: boolean };
  };
  const c = n.connection;
  return {
    userAgent: n.userAgent,
    language: n.language,
    viewport: { width: innerWidth, height: innerHeight },
    screen: { width: screen.width, height: screen.height },
    devicePixelRatio: devicePixelRatio,
    cores: n.hardwareConcurrency || undefined,
    memoryGb: n.deviceMemory,
    connection: c
      ? { effectiveType: c.effectiveType, rtt: c.rtt, downlink: c.downlink, saveData: c.saveData }
      : undefined,
  };
}

let longTasks: SnapshotLongTasks | undefined;

/** Starts counting long tasks (from the page's start: buffered); a browser without longtask timing keeps none. */
export function watchLongTasks(): void {
  if (longTasks || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
  const seen: SnapshotLongTasks = { count: 0, blockingMs: 0, longestMs: 0 };
  longTasks = seen;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      seen.count++;
      seen.blockingMs += ms(e.duration - 50);
      seen.longestMs = Math.max(seen.longestMs, ms(e.duration));
    }
  }).observe({ type: 'longtask', buffered: true });
}

export function longTaskSummary(): SnapshotLongTasks | undefined {
  return longTasks && { ...longTasks };
}
