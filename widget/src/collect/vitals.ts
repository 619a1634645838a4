// Core Web Vitals and friends through web-vitals v5 (which dropped FID for INP).
// https://github.com/GoogleChrome/web-vitals#basic-usage
// Attribution is read from the metric's own entries rather than through the
// library's attribution build, which would cost 1.7 KB brotli of our 7 KB budget:
// the fields support staff need (selectors, sub-parts) are a few lines each.
import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import type { VitalEvent } from '../../../shared/protocol';
import { cleanUrl, ms, stamp, type Recorder } from '../lib/event';
import { observe } from '../lib/observe';
import { selector } from '../lib/selector';

type Attribution = NonNullable<VitalEvent['attribution']>;
type Nav = Pick<PerformanceNavigationTiming, 'responseStart'> & { activationStart?: number };
type Timing = PerformanceEventTiming & { interactionId?: number };

/**
 * The event handlers that ran before one paint. INP's own entries are those of one
 * event type (`pointerup`, say), while the slow handler may be the `click` in the same
 * frame; web-vitals' attribution build groups entries by paint time the same way.
 * The selector is read when the entry arrives, before the target can leave the page.
 */
export interface FrameGroup {
  paint: number;
  start: number;
  end: number;
  target?: string;
}

/** Adds interaction entries to the groups of their paint (within 8 ms, the entries' rounding), keeping the last 50. */
export function groupByPaint(groups: FrameGroup[], entries: Timing[]): FrameGroup[] {
  for (const e of entries) {
    if (!e.interactionId) continue;
    const paint = e.startTime + e.duration;
    let group = groups.find((g) => Math.abs(g.paint - paint) <= 8);
    if (!group) groups.push((group = { paint, start: e.processingStart, end: e.processingEnd }));
    group.start = Math.min(group.start, e.processingStart);
    group.end = Math.max(group.end, e.processingEnd);
    group.target ??= selector(e.target);
  }
  return groups.slice(-50);
}

/**
 * Attribution for a metric, in the names of web-vitals' attribution build: whole
 * milliseconds, selectors, no empty fields. `groups` widen INP's phases to its whole frame.
 */
export function attribute(metric: MetricType, nav: Nav | undefined, groups: FrameGroup[] = []): Attribution | undefined {
  const start = nav?.activationStart ?? 0;
  const ttfb = nav ? nav.responseStart - start : 0;
  const value = metric.value;
  let out: Record<string, string | number | undefined> | undefined;
  if (metric.name === 'LCP') {
    const entry = metric.entries.at(-1);
    const res = entry?.url ? (performance.getEntriesByName(entry.url, 'resource')[0] as PerformanceResourceTiming | undefined) : undefined;
    // As web-vitals: requestStart when Timing-Allow-Origin permits, capped by LCP itself.
    const requested = Math.max(ttfb, res ? (res.requestStart || res.startTime) - start : 0);
    const loaded = Math.min(value, Math.max(requested, res ? res.responseEnd - start : 0));
    out = entry && {
      target: selector(entry.element), url: cleanUrl(entry.url).slice(0, 1_024), timeToFirstByte: ttfb,
      resourceLoadDelay: requested - ttfb, resourceLoadDuration: loaded - requested, elementRenderDelay: value - loaded,
    };
  } else if (metric.name === 'INP') {
    const first = (metric.entries as Timing[])[0];
    // The observed frame when there is one, else the frame of INP's own entries.
    const group = first && [...groups, ...groupByPaint([], metric.entries as Timing[])].find((g) => Math.abs(g.paint - first.startTime - first.duration) <= 8);
    const paint = group && Math.max(first.startTime + first.duration, group.start);
    // Clamped to the paint, as web-vitals does: later handlers belong to the next frame.
    const end = group && Math.min(group.end, paint!);
    out = group && {
      interactionTarget: selector(first.target) ?? group.target,
      interactionType: first.name.startsWith('key') ? 'keyboard' : 'pointer',
      inputDelay: group.start - first.startTime, processingDuration: end! - group.start, presentationDelay: paint! - end!,
    };
  } else if (metric.name === 'CLS') {
    const shift = (metric.entries as LayoutShift[]).reduce<LayoutShift | undefined>((a, b) => (a && a.value >= b.value ? a : b), undefined);
    const source = shift?.sources.find((s) => s.node?.nodeType === 1) ?? shift?.sources[0];
    out = shift && { largestShiftTarget: selector(source?.node), largestShiftTime: shift.startTime };
  }
  for (const key in out) {
    const v = out[key];
    if (v === undefined || v === '') delete out[key];
    else if (typeof v === 'number') out[key] = ms(v);
  }
  return out as Attribution | undefined;
}

/** Reports each metric instance once: its first report is the one sent. */
export function collectVitals(record: Recorder): void {
  // CLS and INP are re-reported with the same metric id when a page is hidden,
  // shown and hidden again; the protocol has no "update", so a second value
  // would be counted as a second page view. New ids after bfcache restores still go.
  const seen = new Set<string>();
  let groups: FrameGroup[] = [];
  observe<Timing>('event', (entries) => (groups = groupByPaint(groups, entries)), { durationThreshold: 40 });
  const report = (metric: MetricType) => {
    if (seen.has(metric.id)) return;
    seen.add(metric.id);
    let attribution: Attribution | undefined;
    try {
      // A bfcache restore has no entries of its own: its attribution would be the first load's.
      const nav = performance.getEntriesByType('navigation')[0] as Nav | undefined;
      if (metric.navigationType !== 'restore') attribution = attribute(metric, nav, groups);
    } catch {
      // web-vitals calls this from the page's observers: the value still goes, without attribution.
    }
    record({
      ...stamp(),
      kind: 'vital',
      name: metric.name,
      // CLS is unitless and small: keep its decimals, bound the rest like the protocol does.
      value: Math.min(Math.max(metric.value, 0), 3_600_000),
      rating: metric.rating,
      navigationType: metric.navigationType,
      attribution,
    });
  };
  onLCP(report);
  onINP(report);
  onCLS(report);
  onFCP(report);
  onTTFB(report);
}
