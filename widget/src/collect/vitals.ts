// Core Web Vitals and friends through web-vitals v5 (which dropped FID for INP).
// https://github.com/GoogleChrome/web-vitals#basic-usage
import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricType } from 'web-vitals';
import { stamp, type Recorder } from '../lib/event';

/** Reports each metric instance once: its first report is the one sent. */
export function collectVitals(record: Recorder): void {
  // CLS and INP are re-reported with the same metric id when a page is hidden,
  // shown and hidden again; the protocol has no "update", so a second value
  // would be counted as a second page view. New ids after bfcache restores still go.
  const seen = new Set<string>();
  const report = (metric: MetricType) => {
    if (seen.has(metric.id)) return;
    seen.add(metric.id);
    record({
      ...stamp(),
      kind: 'vital',
      name: metric.name,
      // CLS is unitless and small: keep its decimals, bound the rest like the protocol does.
      value: Math.min(Math.max(metric.value, 0), 3_600_000),
      rating: metric.rating,
      navigationType: metric.navigationType,
    });
  };
  onLCP(report);
  onINP(report);
  onCLS(report);
  onFCP(report);
  onTTFB(report);
}
