// What the collectors listen to: performance entries, and the page being hidden.
import { attempt } from './safe';

/**
 * Calls `fn` with each batch of `type` entries, those before this call included; undefined
 * where the browser lacks that type (observing it anyway only logs a console warning).
 * Written as web-vitals writes its own, which the bundle's compression then shares.
 */
export function observe<T>(
  type: string,
  fn: (entries: T[]) => void,
  opts = {},
): PerformanceObserver | undefined {
  try {
    if (PerformanceObserver.supportedEntryTypes.includes(type)) {
      const po = new PerformanceObserver((list) => {
        attempt(() => fn(list.getEntries() as T[]));
      });
      po.observe({ type, buffered: true, ...opts });
      return po;
    }
  } catch {
    // Unsupported: nothing to observe.
  }
}

/**
 * Runs `fn` whenever the page is hidden or unloaded. Collectors listen on window in the
 * capture phase, with web-vitals; delivery (`late`) on document and window in the target
 * phase, which comes after: what they all record on the way out goes in its flush.
 */
export function onHidden(fn: () => void, late?: boolean): void {
  const run = (event: Event) =>
    (event.type === 'pagehide' || document.visibilityState === 'hidden') && attempt(fn);
  (late ? document : window).addEventListener('visibilitychange', run, !late);
  addEventListener('pagehide', run, !late);
}
