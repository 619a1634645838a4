// The LMS this page runs in; detection itself lives in shared/ so the
// extension's content script classifies pages the same way.
import type { LmsContext } from '../../../shared/protocol';
import { detectLms } from '../../../shared/lms';

export function collectLms(): LmsContext {
  try {
    return detectLms(window);
  } catch {
    return { platform: 'other', iframe: false };
  }
}
