// Core Web Vitals and friends through web-vitals v5 (which dropped FID for INP).
// https://github.com/GoogleChrome/web-vitals#basic-usage
// Attribution is read from the metric's own entries rather than through the
// library's attribution build, which would cost 1.7 KB brotli of our 7 KB budget:
// the fields support staff need (selectors, sub-parts) are a few lines each.
// One entry point per metric: their private `_members` are then shortened by our build,
// as web-vitals' own build does for its single file.
import type { MetricType } from 'web-vitals';
import { onCLS } from 'web-vitals/onCLS.js';
import { onFCP } from 'web-vitals/onFCP.js';
import { onINP } from 'web-vitals/onINP.js';
import { onLCP } from 'web-vitals/onLCP.js';
import { onTTFB } from 'web-vitals/onTTFB.js';
import type { VitalEvent } from '../../../shared/protocol';
import { cleanUrl, ms, stamp, type Recorder } from '../lib/event';
import { observe } from '../lib/observe';
import { afterLoad, attempt } from '../lib/safe';
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
 * milliseconds and selectors; what is unknown is undefined, and so not sent.
 * `groups` widen INP's phases to its whole frame.
 */
export function attribute(
  metric: MetricType,
  nav: Nav | undefined,
  groups: FrameGroup[] = [],
): Attribution | undefined {
  const start = nav?.activationStart ?? 0;
  const ttfb = nav ? nav.responseStart - start : 0;
  const { name, value } = metric;
  const entries = metric.entries as (Timing & LargestContentfulPaint & LayoutShift)[];
  let out: Record<string, string | number | undefined> | undefined;
  if (name === 'LCP') {
    const entry = entries.at(-1);
    const res =
      entry &&
      (performance.getEntriesByName(entry.url, 'resource')[0] as PerformanceResourceTiming | undefined);
    // As web-vitals: requestStart when Timing-Allow-Origin permits, capped by LCP itself.
    const requested = Math.max(ttfb, res ? (res.requestStart || res.startTime) - start : 0);
    const loaded = Math.min(value, Math.max(requested, res ? res.responseEnd - start : 0));
    out = entry && {
      target: selector(entry.element),
      url: cleanUrl(entry.url).slice(0, 1_024) || undefined,
      timeToFirstByte: ms(ttfb),
      resourceLoadDelay: ms(requested - ttfb),
      resourceLoadDuration: ms(loaded - requested),
      elementRenderDelay: ms(value - loaded),
    };
  } else if (name === 'INP') {
    const [first] = entries;
    const painted = first && first.startTime + first.duration;
    // The observed frame (INP's own entries may be under the observer's threshold).
    const group = first && groupByPaint([...groups], entries).find((g) => Math.abs(g.paint - painted!) <= 8);
    const paint = group && Math.max(painted!, group.start);
    // Clamped to the paint, as web-vitals does: later handlers belong to the next frame.
    const end = group && Math.min(group.end, paint!);
    out = group && {
      interactionTarget: selector(first!.target) ?? group.target,
      interactionType: first!.name.startsWith('key') ? 'keyboard' : 'pointer',
      inputDelay: ms(group.start - first!.startTime),
      processingDuration: ms(end! - group.start),
      presentationDelay: ms(paint! - end!),
    };
  } else if (name === 'CLS') {
    const shift = entries.reduce<LayoutShift | undefined>(
      (a, b) => (a && a.value >= b.value ? a : b),
      undefined,
    );
    // The first source that is an element (text nodes have no selector).
    const source = shift?.sources.find((s) => s.node?.nodeType === 1);
    out = shift && { largestShiftTarget: selector(source?.node), largestShiftTime: ms(shift.startTime) };
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
  // For attribution only, so it waits for load: the browser buffers slow interactions before it.
  afterLoad(() =>
    observe<Timing>('event', (entries) => (groups = groupByPaint(groups, entries)), {
      durationThreshold: 40,
    }),
  );
  const report = (metric: MetricType) => {
    if (seen.has(metric.id)) return;
    seen.add(metric.id);
    record({
      ...stamp(),
      kind: 'vital',
      name: metric.name,
      // CLS is unitless and small: keep its decimals, bound the rest like the protocol does
      // (web-vitals reports no negative value).
      value: Math.min(metric.value, 3_600_000),
      rating: metric.rating,
      navigationType: metric.navigationType,
      // web-vitals calls this from the page's observers: should reading fail, the value still goes.
      // After a bfcache restore the metrics have no (LCP) or only new (INP, CLS) entries.
      attribution: attempt(() =>
        attribute(metric, performance.getEntriesByType('navigation')[0] as Nav | undefined, groups),
      ),
    });
  };
  onLCP(report);
  onINP(report);
  onCLS(report);
  onFCP(report);
  onTTFB(report);
}
