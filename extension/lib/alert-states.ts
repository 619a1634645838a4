// Which alerts count as active, on its own so that the server client (Test connection)
// and the badge count alike without importing each other.
import type { AlertView } from '../../shared/alerts';

/**
 * Alerts that count: firing or pending, not silenced. `nodata` (a rule with too few
 * samples, as every rule of a fresh server) is not shown as an alert: it would page
 * support staff about silence.
 */
export function visibleAlerts(alerts: AlertView[]): AlertView[] {
  return alerts.filter((a) => (a.state === 'firing' || a.state === 'pending') && !a.silenced);
}
