// SPA soft navigations: single-page apps change the URL through the History API
// without loading a page, so the widget patches pushState/replaceState and
// listens to popstate (back/forward), as Faro and Sentry do.
import type { PageViewEvent } from '../../../shared/protocol';
import { scrub } from '../../../shared/scrub';
import { stamp } from '../lib/event';
import { attempt } from '../lib/safe';

/** A page view of the current document, `hard` for a load or bfcache restore, `soft` for a History API change. */
export function toPageView(navigation: 'hard' | 'soft'): PageViewEvent {
  return {
    ...stamp(),
    kind: 'pageview',
    title: scrub(document.title).slice(0, 256) || undefined,
    navigation,
  };
}

/** Calls `fn` after every History API URL change; the page's own calls behave and throw exactly as before. */
export function onHistoryChange(fn: () => void): void {
  const run = () => attempt(fn);
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      run();
    };
  }
  addEventListener('popstate', run);
}
