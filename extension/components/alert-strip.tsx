// Active Sightline alerts about this page, as one strip.
import type { AlertView } from '../../shared/alerts';

export function AlertStrip({ alerts }: { alerts: AlertView[] }) {
  if (!alerts.length) return null;
  const worst =
    alerts.find((a) => a.severity === 'critical') ??
    alerts.find((a) => a.severity === 'warning') ??
    alerts[0];
  return (
    <div class={`alerts sev-${worst.severity}`} role="status" data-testid="alert-strip">
      <strong>
        {alerts.length} alert{alerts.length === 1 ? '' : 's'}:
      </strong>{' '}
      {alerts.slice(0, 3).map((a, i) => (
        <span key={a.id}>
          {i > 0 && '; '}
          <a href={a.links.dashboard} target="_blank" rel="noopener noreferrer">
            {a.name}
          </a>{' '}
          ({a.severity}, {a.state}
          {a.route ? ` on ${a.route}` : ''})
        </span>
      ))}
      {alerts.length > 3 && ` and ${alerts.length - 3} more`}
    </div>
  );
}
