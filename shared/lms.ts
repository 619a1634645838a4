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

/** canvas | moodle | other, from page markers first and the launch referrer second. */
export function detectPlatform(win: Window): LmsPlatform {
  const { ENV: env, M: moodle } = win as Window & Globals;
  const doc = win.document;
  const body = doc.body;
  // `ENV` alone is too generic a name; Canvas's always carries these keys.
  const canvasEnv =
    !!env && typeof env === 'object' && ('current_user_id' in env || 'DOMAIN_ROOT_ACCOUNT_ID' in env);
  if (canvasEnv || doc.querySelector('#application.ic-app,body.ic-app')) return 'canvas';
  // Moodle's body id is `page-<path>` with a matching `path-<component>` class.
  const moodleBody = body?.id.startsWith('page-') && /(^|\s)path-/.test(body.className);
  if (
    typeof moodle?.cfg?.wwwroot === 'string' ||
    moodleBody ||
    doc.querySelector('#page-wrapper [data-region=mainpage]')
  )
    return 'moodle';
  const referrer = doc.referrer;
  return CANVAS_REFERRER.test(referrer) ? 'canvas' : MOODLE_REFERRER.test(referrer) ? 'moodle' : 'other';
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
