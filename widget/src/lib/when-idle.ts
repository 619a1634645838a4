// Setup work runs when the main thread is idle so the widget never competes
// with the page's own loading (no long task of ours on the critical path).

type IdleWindow = { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };

/** Runs `fn` in an idle period (at the latest after `timeout` ms), never throwing into the page. */
export function whenIdle(fn: () => void, timeout = 2_000): void {
  const run = () => {
    try {
      fn();
    } catch {
      // The widget drops its own failures rather than surfacing them to the page.
    }
  };
  // Called as a method: an unbound requestIdleCallback throws "Illegal invocation".
  const g = globalThis as IdleWindow;
  if (typeof g.requestIdleCallback === 'function') g.requestIdleCallback(run, { timeout });
  else setTimeout(run, 1);
}
