import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { detectLms, detectPlatform, isFramed } from './lms';

const windows: Window[] = [];
afterEach(async () => {
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

/** A page as the browser parses it; scripts do not run, so only the markup is seen. */
function page(
  html: string,
  url = 'https://tool.example.edu/launch',
  globals: Record<string, unknown> = {},
): globalThis.Window {
  const win = new Window({ url });
  windows.push(win);
  win.document.write(html);
  Object.assign(win, globals);
  return win as unknown as globalThis.Window;
}

const demo = (name: string) => readFileSync(new URL(`../server/demo/${name}`, import.meta.url), 'utf8');

describe('detectPlatform on the demo pages', () => {
  it('finds Canvas in canvas.html from its markup alone', () => {
    expect(detectPlatform(page(demo('canvas.html')))).toBe('canvas');
  });

  it('finds Moodle in moodle.html from its markup alone', () => {
    expect(detectPlatform(page(demo('moodle.html')))).toBe('moodle');
  });

  it('carries the globals each LMS defines', () => {
    expect(demo('canvas.html')).toMatch(/ENV = \{"ASSET_HOST"[^\n]*"current_user_id":"42"/);
    expect(demo('moodle.html')).toMatch(/M\.cfg = \{"wwwroot":"https:\\\/\\\/moodle\.example\.edu"/);
  });
});

describe('detectPlatform from single markers', () => {
  it.each([
    [
      'Canvas ENV global',
      '<body></body>',
      { ENV: { current_user_id: '1', DOMAIN_ROOT_ACCOUNT_ID: '1' } },
      'canvas',
    ],
    ['#application.ic-app', '<body><div id="application" class="ic-app"></div></body>', {}, 'canvas'],
    ['body.ic-app', '<body class="ic-app"></body>', {}, 'canvas'],
    ['Moodle M.cfg.wwwroot', '<body></body>', { M: { cfg: { wwwroot: 'https://m.example' } } }, 'moodle'],
    [
      'body#page-… .path-…',
      '<body id="page-mod-lti-view" class="path-mod path-mod-lti"></body>',
      {},
      'moodle',
    ],
    [
      '#page-wrapper with the main page region',
      '<body><div id="page-wrapper"><div data-region="mainpage"></div></div></body>',
      {},
      'moodle',
    ],
  ])('%s', (_, html, globals, platform) => {
    expect(detectPlatform(page(html, undefined, globals))).toBe(platform);
  });

  it.each([
    ['a generic ENV global', '<body></body>', { ENV: { API_URL: '/api' } }],
    ['an M global without cfg', '<body></body>', { M: {} }],
    ['a body id "page-home" without a path- class', '<body id="page-home" class="home"></body>', {}],
    ['a plain page', '<body><main><h1>Hello</h1></main></body>', {}],
  ])('says other for %s', (_, html, globals) => {
    expect(detectPlatform(page(html, undefined, globals))).toBe('other');
  });

  it('falls back to the launch referrer inside a tool frame', () => {
    const from = (referrer: string) => {
      const win = page('<body></body>');
      Object.defineProperty(win.document, 'referrer', { value: referrer });
      return detectPlatform(win);
    };
    expect(from('https://school.instructure.com/courses/12/external_tools/5')).toBe('canvas');
    expect(from('https://canvas.school.edu/courses/12/external_tools/5')).toBe('canvas');
    expect(from('https://moodle.school.edu/mod/lti/launch.php')).toBe('moodle');
    expect(from('https://www.example.com/')).toBe('other');
  });
});

describe('isFramed', () => {
  it('is false for a top-level page and true in a frame', () => {
    const top = {} as globalThis.Window;
    const win = page('<body></body>');
    expect(isFramed(win)).toBe(false);
    expect(isFramed({ self: win, top } as unknown as globalThis.Window)).toBe(true);
  });

  it('counts a top that cannot be read as framed', () => {
    const win = {
      self: {},
      get top(): never {
        throw new Error('SecurityError');
      },
    } as unknown as globalThis.Window;
    expect(isFramed(win)).toBe(true);
  });

  it('detectLms combines both', () => {
    expect(detectLms(page(demo('canvas.html')))).toEqual({ platform: 'canvas', iframe: false });
  });
});
