// Pure alert logic: the badge, which alerts concern a page, which are new and critical.
import type { AlertView, Severity } from '../../shared/alerts';
import { visibleAlerts } from './alert-states';
import type { SiteInfo } from './server-client';

export { visibleAlerts };

export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#c5221f',
  warning: '#e37400',
  info: '#1a73e8',
};
const RANK: Severity[] = ['critical', 'warning', 'info'];

export function worstSeverity(alerts: AlertView[]): Severity | null {
  return RANK.find((s) => alerts.some((a) => a.severity === s)) ?? null;
}

/** Count and the colour of the worst severity; empty text when nothing fires. */
export function badgeFor(
  alerts: AlertView[],
  unreachable: boolean,
): { text: string; colour: string; title: string } {
  const shown = visibleAlerts(alerts);
  const worst = worstSeverity(shown);
  const title = `Sightline: ${shown.length} active alert${shown.length === 1 ? '' : 's'}${unreachable ? ' (server unreachable: last known)' : ''}`;
  if (!shown.length) return { text: unreachable ? '?' : '', colour: '#5f6368', title };
  return {
    text: shown.length > 99 ? '99+' : String(shown.length),
    colour: unreachable ? '#5f6368' : SEVERITY_COLOURS[worst!],
    title,
  };
}

/** Critical, firing, unacknowledged alerts not notified before. */
export function newCriticals(alerts: AlertView[], notified: string[]): AlertView[] {
  const seen = new Set(notified);
  return visibleAlerts(alerts).filter(
    (a) => a.severity === 'critical' && a.state === 'firing' && !a.acknowledged && !seen.has(a.id),
  );
}

/** The Sightline sites whose allowed origins include `origin`. */
export function sitesForOrigin(sites: SiteInfo[], origin: string): SiteInfo[] {
  return sites.filter((s) => s.origins.includes(origin));
}

/**
 * Alerts about the sites this page's frames send to (the LMS page's origin or the
 * tool frame's), narrowed to the route when an alert has one.
 */
export function alertsForPage(
  alerts: AlertView[],
  sites: SiteInfo[],
  pages: { origin: string; route: string }[],
): AlertView[] {
  return visibleAlerts(alerts).filter((a) =>
    pages.some(
      (p) =>
        sitesForOrigin(sites, p.origin).some((s) => s.id === a.site) && (!a.route || a.route === p.route),
    ),
  );
}

/** "3 min ago", "2 h ago". */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
