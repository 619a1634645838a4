// Entry of the script tag a site owner pastes:
//   <script src="https://HOST/sightline.js" data-site-key="sk_..." async></script>
// Optional: data-endpoint (default: /v1/ingest on the script's own origin) and
// data-sample-rate (0..1, default 1).
import { init } from './index';

try {
  // Set while a classic script (async included) runs its top level; null in modules.
  const script = document.currentScript as HTMLScriptElement | null;
  const data = script?.dataset;
  if (script && data?.siteKey) {
    const rate = data.sampleRate ? Number(data.sampleRate) : undefined;
    init({
      siteKey: data.siteKey,
      endpoint: data.endpoint || new URL('/v1/ingest', script.src).href,
      sampleRate: rate,
    });
  }
} catch {
  // No widget rather than a broken page.
}
