// Entry of the script tag a site owner pastes:
//   <script src="https://HOST/sightline.js" data-site-key="sk_..." async></script>
// Optional: data-endpoint (default: /v1/ingest on the script's own origin),
// data-sample-rate (0..1, default 1), data-user-key (a pseudonymous key),
// data-anonymous-user-id="false" (no per-browser id) or "daily" (a new one each day),
// data-privacy-signals="no-collection" (GPC/DNT browsers send nothing rather than
// nothing about who), data-allow-query-params="a,b", data-release="2026.12.1" (the tool's
// release, for the Releases view's comparisons).
// Pages without a bundler record custom events with `window.sightline.track(name, props)`.
import { init, track } from './index';

try {
  // Set while a classic script (async included) runs its top level; null in modules.
  const script = document.currentScript as HTMLScriptElement | null;
  const data = script?.dataset;
  if (data?.siteKey) {
    (window as Window & { sightline?: object }).sightline = { track };
    init({
      siteKey: data.siteKey,
      release: data.release,
      endpoint: data.endpoint || new URL('/v1/ingest', script!.src).href,
      sampleRate: data.sampleRate ? +data.sampleRate : undefined,
      userKey: data.userKey,
      anonymousUserId: data.anonymousUserId === 'daily' ? 'daily' : data.anonymousUserId !== 'false',
      privacySignals: data.privacySignals as 'no-collection' | undefined,
      allowQueryParams: data.allowQueryParams?.split(',').map((p) => p.trim()),
    });
  }
} catch {
  // No widget rather than a broken page.
}
