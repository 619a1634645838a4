// This frame's vitals as they happen, through web-vitals' attribution build. The
// content script runs in an isolated world, but PerformanceObserver sees the
// document's entries there, and the DOM nodes attribution points at are shared.
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals/attribution';
import type {
  CLSMetricWithAttribution,
  INPMetricWithAttribution,
  LCPMetricWithAttribution,
  MetricWithAttribution,
  TTFBMetricWithAttribution,
} from 'web-vitals/attribution';
import type { VitalName } from '../../../shared/limits';
import type { VitalReading } from '../../lib/types';

/** The elements attribution points at, kept for highlighting (never sent anywhere). */
export interface AttributedNodes {
  lcp?: Element;
  cls?: Node;
  inp?: Element;
}

const round = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? undefined : Math.round(n));
const parts = (o: Record<string, number | undefined>) =>
  Object.fromEntries(
    Object.entries(o)
      .map(([k, v]) => [k, round(v)])
      .filter(([, v]) => v !== undefined),
  ) as Record<string, number>;

/** A reading from a metric: value, rating, and the attribution in words. */
export function readingOf(metric: MetricWithAttribution): VitalReading {
  const base = { name: metric.name as VitalName, value: metric.value, rating: metric.rating };
  switch (metric.name) {
    case 'LCP': {
      const a = (metric as LCPMetricWithAttribution).attribution;
      const what = a.url ? `image ${a.url.split('?')[0]}` : 'text';
      return {
        ...base,
        target: a.target,
        detail: `${what}${a.target ? ` in ${a.target}` : ''}`,
        parts: parts({
          ttfb: a.timeToFirstByte,
          loadDelay: a.resourceLoadDelay,
          loadDuration: a.resourceLoadDuration,
          renderDelay: a.elementRenderDelay,
        }),
      };
    }
    case 'INP': {
      const a = (metric as INPMetricWithAttribution).attribution;
      const script = a.longestScript?.entry;
      const by = script?.sourceURL
        ? `; longest script ${script.sourceURL.split('?')[0]}${script.sourceFunctionName ? ` ${script.sourceFunctionName}` : ''}`
        : '';
      return {
        ...base,
        target: a.interactionTarget,
        detail: `${a.interactionType} on ${a.interactionTarget || '(removed element)'}${by}`,
        parts: parts({
          inputDelay: a.inputDelay,
          processing: a.processingDuration,
          presentation: a.presentationDelay,
        }),
      };
    }
    case 'CLS': {
      const a = (metric as CLSMetricWithAttribution).attribution;
      return {
        ...base,
        target: a.largestShiftTarget,
        detail: a.largestShiftTarget
          ? `largest shift: ${a.largestShiftTarget} (${(a.largestShiftValue ?? 0).toFixed(3)})`
          : 'no shift yet',
        parts: parts({ largestShiftTime: a.largestShiftTime }),
      };
    }
    case 'TTFB': {
      const a = (metric as TTFBMetricWithAttribution).attribution;
      return {
        ...base,
        detail: 'server response to the page request',
        parts: parts({
          waiting: a.waitingDuration,
          cache: a.cacheDuration,
          dns: a.dnsDuration,
          connection: a.connectionDuration,
          request: a.requestDuration,
        }),
      };
    }
    default:
      return { ...base, detail: 'first text or image painted' };
  }
}

/**
 * Starts the observers; `onReading` gets every change (reportAllChanges), so the
 * overlay moves as the page is used. CLS starts at 0 so it shows before any shift.
 */
export function collectVitals(onReading: (reading: VitalReading) => void, nodes: AttributedNodes): void {
  const opts = { reportAllChanges: true };
  const safe = (f: () => void) => {
    try {
      f();
    } catch {
      // a browser without an entry type: that metric stays empty
    }
  };
  safe(() =>
    onLCP((m) => ((nodes.lcp = m.attribution.lcpEntry?.element ?? undefined), onReading(readingOf(m))), opts),
  );
  safe(() =>
    onCLS(
      (m) => ((nodes.cls = m.attribution.largestShiftSource?.node ?? nodes.cls), onReading(readingOf(m))),
      opts,
    ),
  );
  safe(() =>
    onINP(
      (m) => (
        (nodes.inp =
          (m.attribution.processedEventEntries.find((e) => e.target)?.target as Element | undefined) ??
          nodes.inp),
        onReading(readingOf(m))
      ),
      { ...opts, durationThreshold: 16 },
    ),
  );
  safe(() => onFCP((m) => onReading(readingOf(m)), opts));
  safe(() => onTTFB((m) => onReading(readingOf(m)), opts));
}
