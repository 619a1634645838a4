// The widget never throws into the page and never competes with its loading:
// every callback it hands the browser goes through `attempt`, setup work through `whenIdle`.

/** `fn()`, or undefined when it throws. */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Runs `fn` in an idle period, at the latest after 2 s; without idle callbacks (Safari), in a task. */
export function whenIdle(fn: () => void): void {
  // As web-vitals does it; setTimeout reads the options as a 0 ms delay.
  const rIC = globalThis.requestIdleCallback || setTimeout;
  rIC(() => attempt(fn), { timeout: 2_000 });
}

/** Runs `fn` when idle once the load event is over (`loadEventEnd` is 0 until its handlers return). */
export function afterLoad(fn: () => void): void {
  if (document.readyState === 'complete') whenIdle(fn);
  else addEventListener('load', () => setTimeout(whenIdle, 0, fn), { once: true });
}
