// PerformanceObserver for one entry type, buffered, only where the browser
// supports that type (observing an unknown one only logs a console warning).

/** Calls `fn` with each batch of entries, including those before this call; false when unsupported. */
export function observe<T = PerformanceEntry>(type: string, fn: (entries: T[]) => void, options?: object): boolean {
  try {
    if (!PerformanceObserver.supportedEntryTypes.includes(type)) return false;
    new PerformanceObserver((list) => {
      try {
        fn(list.getEntries() as unknown as T[]);
      } catch {
        // A failing summary must not surface in the page.
      }
    }).observe({ type, buffered: true, ...options });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` whenever the page is hidden or unloaded, before the sender flushes:
 * window capture listeners run ahead of its document and window listeners.
 */
export function onHidden(fn: () => void): void {
  const run = (event: Event) => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') {
      try {
        fn();
      } catch {
        // Dropped like any other widget failure.
      }
    }
  };
  addEventListener('visibilitychange', run, true);
  addEventListener('pagehide', run, true);
}
