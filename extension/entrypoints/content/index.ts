// The content script, in every frame of the sites it runs on: measures this frame's
// vitals and errors. The top frame shows the overlay (when it is on for this site)
// with the tool frames' readings beside its own; other frames report through the
// background. It is not in the manifest: the background registers it at run time for
// the sites chosen and granted (lib/content-registration.ts), and the popup or the
// shortcut injects it into a tab when the overlay is switched on there.
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { injectScript } from 'wxt/utils/inject-script';
import type { FrameReport } from '../../lib/types';
import { collectVitals, type AttributedNodes } from './collect';
import { describeFrame, isToolSizedFrame, pageGlobals, type MeasuredFrame } from './frame-state';
import { addError, onPageEvent, type PageError } from './page-events';
import { watchLongTasks } from './page-details';
import { startTopFrame } from './top-frame';

export default defineContentScript({
  registration: 'runtime',
  // None in the manifest, so Chrome asks for no host access at install.
  matches: [],
  main() {
    if (alreadyStarted()) return;
    if (window === window.top) watchLongTasks();
    const nodes: AttributedNodes = {};
    let errors: PageError[] = [];
    let report: FrameReport = describeFrame();
    const listeners: ((r: FrameReport) => void)[] = [];
    const changed = () => listeners.forEach((l) => l(report));

    injectScript('/page-errors.js').catch(() => undefined);
    onPageEvent((e) => {
      if (e.type === 'error') {
        errors = addError(errors, e);
        report = { ...report, errors: errors.reduce((n, x) => n + x.count, 0) };
      } else if (e.type === 'navigation') {
        report = { ...describeFrame(report), softNavigations: report.softNavigations + 1 };
      } else if (e.type === 'lms') {
        Object.assign(pageGlobals, { canvas: e.canvas, moodle: e.moodle });
        report = { ...report, platform: describeFrame(report).platform };
      }
      changed();
    });
    collectVitals((reading) => {
      report = { ...report, vitals: { ...report.vitals, [reading.name]: reading } };
      changed();
    }, nodes);

    const frame = {
      get report() {
        return report;
      },
      get errors() {
        return errors;
      },
      nodes,
      onChange: (l: (r: FrameReport) => void) => listeners.push(l),
      refresh: () => ((report = describeFrame(report)), changed()),
    };

    if (window === window.top) {
      whenReady(() => void startTopFrame(frame));
    } else {
      whenReady(() => startFrameReporting(frame));
    }
  },
});

/**
 * A registered script and an injection from the popup or the shortcut can both reach a
 * frame: only the first starts. Content scripts share the isolated world's window.
 */
function alreadyStarted(): boolean {
  const world = window as { sightlineStarted?: boolean };
  if (world.sightlineStarted) return true;
  world.sightlineStarted = true;
  return false;
}

function whenReady(f: () => void) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', f, { once: true });
  else f();
}

/** A tool frame sends its readings to the background, at most every 500 ms. */
function startFrameReporting(frame: MeasuredFrame) {
  if (!isToolSizedFrame()) return;
  frame.refresh(); // the DOM is there now: LMS detection, title
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = () => {
    timer = null;
    browser.runtime.sendMessage({ type: 'frame-report', report: frame.report }).catch(() => undefined);
  };
  frame.onChange(() => (timer ??= setTimeout(send, 500)));
  send();
}
