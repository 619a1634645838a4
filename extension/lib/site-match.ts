// Whether the overlay runs on a page: off by default, on for the host patterns
// chosen in the options, for pages recognised as Canvas or Moodle (when that is
// on), and as toggled per site from the popup or the keyboard shortcut.
import type { LmsPlatform } from '../../shared/protocol';
import type { Settings } from './types';

/** The host part of an options pattern: `https://Moodle.example.edu:8443/x` → `moodle.example.edu`; `[::1]` stays whole. */
export function patternHost(pattern: string): string {
  return pattern
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^(\[[^\]]*\]).*$|[/:].*$/, '$1');
}

/** `*.instructure.com` matches `school.instructure.com` and `instructure.com`; `*` alone matches any host. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = patternHost(pattern);
  const h = host.toLowerCase();
  if (!p) return false;
  if (p === '*') return true;
  if (p.startsWith('*.')) return h === p.slice(2) || h.endsWith(p.slice(1));
  return h === p;
}

export type OverlayReason = 'toggled-on' | 'toggled-off' | 'pattern' | 'lms' | 'off';

/** Why the overlay is on or off here; a per-site toggle beats everything else. */
export function overlayDecision(
  host: string,
  platform: LmsPlatform,
  settings: Settings,
  toggles: Record<string, boolean>,
): { on: boolean; reason: OverlayReason } {
  const toggled = toggles[host];
  if (toggled !== undefined) return { on: toggled, reason: toggled ? 'toggled-on' : 'toggled-off' };
  if (settings.sitePatterns.some((p) => hostMatches(p, host))) return { on: true, reason: 'pattern' };
  if (settings.detectLms && platform !== 'other') return { on: true, reason: 'lms' };
  return { on: false, reason: 'off' };
}

/** Parses the options' textarea: one pattern per line or comma, blanks dropped. */
export function parsePatterns(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}
