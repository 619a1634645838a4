// Which pages the content script is registered for: the hosts chosen in the options,
// the hosts switched on from the popup or the shortcut, and every site when Canvas and
// Moodle are to be detected anywhere; each only where the user granted access.
//
// Match patterns name their scheme (`http://h/*` and `https://h/*`), never `*://h/*`:
// Chrome refuses to ask for `*://h/*` when optional_host_permissions lists `http://*/*`
// and `https://*/*`, and does not count it as granted when only one scheme was.
// A pattern without a port matches every port.
import { patternHost } from './site-match';
import type { Settings } from './types';

/** Every http(s) page: asked for when Canvas and Moodle are to be detected on every site. */
export const ALL_SITES = ['http://*/*', 'https://*/*'];

const HOST = /^(\*|(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/;

/** An options pattern's match patterns (`*.instructure.com` → http and https); null when it is no host pattern. */
export function hostOrigins(pattern: string): string[] | null {
  const host = patternHost(pattern);
  return HOST.test(host) ? [`http://${host}/*`, `https://${host}/*`] : null;
}

/** What the user chose, granted or not: the options' host patterns, hosts switched on, all sites. */
export function chosenOrigins(settings: Settings, toggles: Record<string, boolean>): string[] {
  const hosts = [...settings.sitePatterns, ...Object.keys(toggles).filter((host) => toggles[host])];
  const origins = hosts.flatMap((h) => hostOrigins(h) ?? []);
  if (settings.detectLms && settings.detectLmsEverywhere) origins.push(...ALL_SITES);
  return [...new Set(origins)];
}

/** The content script's match patterns: what the user chose and granted. */
export function overlayMatches(
  settings: Settings,
  toggles: Record<string, boolean>,
  granted: ReadonlySet<string>,
): string[] {
  return chosenOrigins(settings, toggles).filter((o) => granted.has(o));
}

/** A tab's site as the popup switches it: its host and the one origin to ask access for. */
export function pageSite(url: string | undefined): { host: string; pattern: string } | null {
  let u: URL;
  try {
    u = new URL(url ?? '');
  } catch {
    return null;
  }
  return /^https?:$/.test(u.protocol) && u.hostname
    ? { host: u.hostname, pattern: `${u.protocol}//${u.hostname}/*` }
    : null;
}
