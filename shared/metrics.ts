// The rollup metric catalogue: which metric names exist, what their value is,
// and what their `route` and `dim` dimensions hold. The server writes these,
// the query API and the dashboard read them. Plain constants: no zod.

/**
 * Browser metrics (widget), with route = the page's normalised route.
 * - `LCP` `INP` `CLS` `FCP` `TTFB`: the vital's value (ms; CLS unitless), rated.
 * - `nav.dns` `nav.tcp` `nav.tls` `nav.ttfb` `nav.download` `nav.dom` `nav.load`: ms.
 * - `errors`: one per JS error occurrence (value 1); dim = the error group's fingerprint.
 * - `pageviews`: one per page view.
 * - `custom.<name>`: one per custom event.
 * - `resources.bytes` (value: bytes per page), `resources.failed` (count).
 * - `longtasks` (count), `longtasks.tbt` (total blocking time per page, ms).
 * - `dropped.<reason>`: events the widget lost, by reason.
 * Cardinality control (server/src/core/cardinality.ts): past the per-site cap, a route,
 * query template or error group is stored as `other` and counted in `folded.route`,
 * `folded.template` or `folded.error` (route and dim '').
 */
export const BROWSER_METRICS = ['pageviews', 'errors'] as const;

/**
 * Server metrics (server-side SDK). route and dim per metric:
 * - `request.duration`: value ms; route = `METHOD /route/pattern`; dim = status class (`2xx`…`5xx`).
 *   Requests = count; server errors = count where dim = `5xx`.
 * - `db.duration`: value ms; route = op (SELECT, INSERT, UPDATE, DELETE, OTHER); dim = the SQL template.
 * - `db.errors`: count; route = op; dim = error kind (connection, timeout, constraint, other).
 * - `db.slow`: count of queries over 1,000 ms; route = op; dim = template.
 * - `lti.<action>` (login, launch, nrps, grade; deep links per stage: `lti.deep_link.created`, `.used`,
 *   `.succeeded`): value = duration ms (0 if unknown); dim = platform (issuer host); route = `ok` or `failed`.
 * - `launch.<stage>` (login, platform, tool, network, render), `launch.total`, `launch.fcp`, `launch.inp`:
 *   an LTI launch timed end to end (server/src/core/launches.ts), joined from the SDK's login and launch
 *   and the launch page's vitals; value ms; platform = issuer host; dim = placement; route = the launch's route.
 * - `feature.<name>`: value = duration ms when given, else 1; dim = `hit`/`miss` for FAQ queries, else ''.
 * - `log.<level>`: count.
 * - `sdk.dropped.<reason>` (overflow, rejected): events the SDK lost.
 * country = Cloudflare's country of the request (request.duration only); platform and device are ''.
 */
export const SERVER_METRICS = {
  requestDuration: 'request.duration',
  dbDuration: 'db.duration',
  dbErrors: 'db.errors',
  dbSlow: 'db.slow',
} as const;

/** The status class of an HTTP status: `2xx` … `5xx`. */
export function statusClass(status: number): string {
  return `${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx`;
}
