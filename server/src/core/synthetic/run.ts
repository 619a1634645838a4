// One run of a synthetic check: the request (redirects followed by hand, each
// hop through the SSRF guard), then its assertions. Never throws: a run that
// cannot be made is a failed run with the reason.
import type { Check } from '../../../../shared/checks';
import type { CheckRun, Clock, HttpProbe } from '../../ports';
import { bodyFailure, statusMatches } from './assert';
import { refuseUrl, TargetRefused, type AddressPolicy } from './guard';

export const MAX_REDIRECTS = 5;
/** Bodies are read up to this size for assertions; the rest is not downloaded. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** What target logs show for a check's requests. */
export const USER_AGENT = 'Sightline-Check/1 (synthetic check)';

export interface RunDeps {
  probe: HttpProbe;
  policy: AddressPolicy;
  clock: Clock;
  /** Aborts the run (shutdown); the result then says so. */
  signal?: AbortSignal;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The method of the request after a redirect (RFC 9110 §15.4: 303 becomes GET; browsers do so for a POST after 301/302). */
function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}

/** Sends the check's request, following up to MAX_REDIRECTS redirects a response's status does not expect. */
async function request(check: Check, deps: RunDeps, signal: AbortSignal) {
  let url = new URL(check.url);
  let method: string = check.method;
  for (let hop = 0; ; hop++) {
    const refused = refuseUrl(url, deps.policy);
    if (refused)
      throw new TargetRefused(hop ? `redirect to ${url.href} refused: ${refused}` : `refused: ${refused}`);
    const res = await deps.probe({
      url,
      method,
      signal,
      maxBodyBytes: check.expectedBody ? MAX_BODY_BYTES : 0,
    });
    const redirect = res.status >= 300 && res.status < 400 && res.location !== null;
    if (!redirect || statusMatches(res.status, check.expectedStatus)) return res;
    if (hop === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    url = new URL(res.location!, url);
    method = redirectMethod(res.status, method);
  }
}

/** Runs a check once. The timeout covers the whole run, redirects included. */
export async function runCheck(check: Check, deps: RunDeps): Promise<CheckRun> {
  const at = deps.clock();
  const timeoutMs = check.timeoutSeconds * 1000;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  const signal = deps.signal ? AbortSignal.any([timeout.signal, deps.signal]) : timeout.signal;
  const done = (ok: boolean, status: number | null, error: string | null): CheckRun => ({
    checkId: check.id,
    at,
    ok,
    status,
    latencyMs: Math.max(0, deps.clock() - at),
    error,
  });
  try {
    const res = await request(check, deps, signal);
    if (!statusMatches(res.status, check.expectedStatus)) {
      return done(
        false,
        res.status,
        `status ${res.status}, expected ${JSON.stringify(check.expectedStatus)}`,
      );
    }
    const failure = check.expectedBody ? bodyFailure(res.body, check.expectedBody) : null;
    return done(failure === null, res.status, failure);
  } catch (e) {
    // A probe aborted by our signal reports an AbortError; the signal's reason says why.
    return done(false, null, signal.aborted ? message(signal.reason) : message(e));
  } finally {
    clearTimeout(timer);
  }
}
