// LMS detection from the markers Canvas and Moodle really put in their pages.
// Pure and tiny (no zod) so the widget and the extension's content script can
// both use it. It only reads the window it is given.
import type { LmsContext, LmsPlatform } from './protocol';

type Globals = { ENV?: unknown; M?: { cfg?: { wwwroot?: unknown } } };

// When an LTI tool runs in a frame, its own page has no LMS markup; the launch
// came from the LMS, so the referrer names it (Canvas: `/courses/1/external_tools/2`
// on *.instructure.com or a self-hosted domain; Moodle: `/mod/lti/launch.php`).
const CANVAS_REFERRER = /\binstructure\.com\/|\/courses\/\d+\/external_tools\b/;
const MOODLE_REFERRER = /\/mod\/lti\//;

function isCanvas(win: Window & Globals, doc: Document): boolean {
  const env = win.ENV;
  // `ENV` alone is too generic a name; Canvas's always carries these keys.
  const canvasEnv =
    !!env && typeof env === 'object' && ('current_user_id' in env || 'DOMAIN_ROOT_ACCOUNT_ID' in env);
  return canvasEnv || !!doc.querySelector('#application.ic-app') || !!doc.body?.classList.contains('ic-app');
}

function isMoodle(win: Window & Globals, doc: Document): boolean {
  if (typeof win.M?.cfg?.wwwroot === 'string') return true;
  const body = doc.body;
  // Moodle's body id is `page-<path>` with a matching `path-<component>` class.
  const pageBody = !!body && body.id.startsWith('page-') && /(^|\s)path-/.test(body.className);
  return pageBody || (!!doc.getElementById('page-wrapper') && !!doc.querySelector('[data-region="mainpage"]'));
}

/** canvas | moodle | other, from page markers first and the launch referrer second. */
export function detectPlatform(win: Window): LmsPlatform {
  const w = win as Window & Globals;
  const doc = win.document;
  if (isCanvas(w, doc)) return 'canvas';
  if (isMoodle(w, doc)) return 'moodle';
  const referrer = doc.referrer;
  if (CANVAS_REFERRER.test(referrer)) return 'canvas';
  if (MOODLE_REFERRER.test(referrer)) return 'moodle';
  return 'other';
}

/** True inside a frame; a cross-origin `top` can throw in old browsers, which also means framed. */
export function isFramed(win: Window): boolean {
  try {
    return win.self !== win.top;
  } catch {
    return true;
  }
}

export function detectLms(win: Window): LmsContext {
  return { platform: detectPlatform(win), iframe: isFramed(win) };
}
