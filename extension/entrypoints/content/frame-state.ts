// This frame as a FrameReport: URL (scrubbed), route, LMS platform, readings, errors.
import { detectPlatform, isFramed } from '../../../shared/lms';
import type { LmsPlatform } from '../../../shared/protocol';
import { normaliseRoute } from '../../../shared/route';
import { scrubUrl } from '../../lib/scrub';
import type { FrameReport } from '../../lib/types';
import type { AttributedNodes } from './collect';
import type { PageError } from './page-events';

/** This frame as the content script measures it: its report, errors and the nodes its vitals point at. */
export type MeasuredFrame = {
  readonly report: FrameReport;
  readonly errors: PageError[];
  nodes: AttributedNodes;
  onChange(listener: (r: FrameReport) => void): void;
  refresh(): void;
};

/** Page-world globals (Canvas's ENV, Moodle's M.cfg) the isolated world cannot read; set by page-errors.js. */
export const pageGlobals = { canvas: false, moodle: false };

export function platformHere(): LmsPlatform {
  if (pageGlobals.canvas) return 'canvas';
  if (pageGlobals.moodle) return 'moodle';
  return detectPlatform(window);
}

export function describeFrame(previous?: FrameReport): FrameReport {
  return {
    key: previous?.key ?? `${location.href}#${Math.round(performance.timeOrigin)}`,
    url: scrubUrl(location.href),
    origin: location.origin,
    route: normaliseRoute(location.pathname),
    title: document.title.slice(0, 200),
    platform: platformHere(),
    framed: isFramed(window),
    vitals: previous?.vitals ?? {},
    errors: previous?.errors ?? 0,
    softNavigations: previous?.softNavigations ?? 0,
  };
}

/**
 * A frame worth showing beside the LMS page: a direct child of the top window and
 * big enough to be a tool (LTI tools fill most of the content area; ads and
 * trackers are small).
 */
export function isToolSizedFrame(): boolean {
  try {
    if (window.parent !== window.top) return false;
  } catch {
    return false;
  }
  return innerWidth >= 200 && innerHeight >= 150;
}
