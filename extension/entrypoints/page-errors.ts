// Runs in the page's own world (injected by the content script): content scripts
// cannot see the page's uncaught errors or its History API calls, so this tiny
// script forwards them as `sightline:page` events whose detail is a JSON string
// (a string crosses the world boundary in every browser; objects may not).
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

export default defineUnlistedScript(() => {
  const w = window as Window & { __sightlinePage?: boolean };
  if (w.__sightlinePage) return;
  w.__sightlinePage = true;
  const send = (detail: object) =>
    document.dispatchEvent(new CustomEvent('sightline:page', { detail: JSON.stringify(detail) }));
  const text = (v: unknown) =>
    (typeof v === 'string' ? v : v instanceof Error ? `${v.name}: ${v.message}` : String(v)).slice(0, 1024);

  addEventListener(
    'error',
    (e) => {
      // Resource load failures bubble here too, without a message: not JS errors.
      if (!(e instanceof ErrorEvent)) return;
      send({
        type: 'error',
        message: text(e.error ?? e.message),
        stack: String(e.error?.stack ?? '').slice(0, 8192),
        source: e.filename,
        line: e.lineno,
        column: e.colno,
      });
    },
    true,
  );
  addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
    const r = e.reason;
    send({
      type: 'error',
      message: `Unhandled rejection: ${text(r)}`,
      stack: String(r?.stack ?? '').slice(0, 8192),
    });
  });

  // SPA route changes: pushState/replaceState are wrapped, popstate listened to.
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const before = location.href;
      const result = original.apply(this, args);
      if (location.href !== before) send({ type: 'navigation', url: location.href });
      return result;
    };
  }
  addEventListener('popstate', () => send({ type: 'navigation', url: location.href }));
  // Canvas's ENV and Moodle's M.cfg are page globals the isolated world cannot read.
  const g = window as unknown as { ENV?: object; M?: { cfg?: { wwwroot?: string } } };
  send({
    type: 'lms',
    canvas:
      !!g.ENV &&
      typeof g.ENV === 'object' &&
      ('current_user_id' in g.ENV || 'DOMAIN_ROOT_ACCOUNT_ID' in g.ENV),
    moodle: typeof g.M?.cfg?.wwwroot === 'string',
  });
});
