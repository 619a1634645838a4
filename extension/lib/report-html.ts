// A snapshot as one self-contained HTML page (no scripts, no external requests):
// everything untrusted (URLs, titles, selectors, error messages, the user agent)
// goes through escapeHtml, and links only ever point to http(s) URLs.
import { RATING_TEXT, formatVital } from './compare';
import type { SnapshotInput } from '../../shared/snapshot';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const safeHref = (url: string) => (/^https?:\/\//i.test(url) ? escapeHtml(url) : '#');
const row = (...cells: unknown[]) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
const table = (head: string[], rows: string[]) =>
  rows.length
    ? `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p class="none">None.</p>';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;color:#202124;max-width:1100px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #dadce0;padding-bottom:4px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #f1f3f4;vertical-align:top}
.good{color:#0d652d}.needs-improvement{color:#8a4b00}.poor{color:#a50e0e}.code{font:700 20px ui-monospace,monospace;background:#e8f0fe;padding:2px 8px;border-radius:4px}
pre{white-space:pre-wrap;word-break:break-word;background:#f8f9fa;padding:8px;margin:4px 0;font-size:12px}img{max-width:100%;border:1px solid #dadce0}.muted,.none{color:#5f6368}`;

export function renderReportHtml(s: SnapshotInput, code: string | null): string {
  const frames = s.frames
    .map((f, i) => {
      const vitals = f.vitals.map((v) =>
        row(
          escapeHtml(v.name),
          `<span class="${escapeHtml(v.rating)}">${escapeHtml(formatVital(v.name, v.value))} (${escapeHtml(RATING_TEXT[v.rating])})</span>`,
          v.fieldP75 === undefined
            ? '<span class="muted">–</span>'
            : escapeHtml(formatVital(v.name, v.fieldP75)),
          escapeHtml(v.detail ?? ''),
          escapeHtml(
            Object.entries(v.parts ?? {})
              .map(([k, n]) => `${k} ${n} ms`)
              .join(', '),
          ),
        ),
      );
      return `<h3>${i === 0 ? 'Page' : 'Tool frame'}: ${escapeHtml(f.title || f.route)}</h3>
<p class="muted">${escapeHtml(f.url)} · route ${escapeHtml(f.route)} · ${escapeHtml(f.platform)}${f.framed ? ' (in a frame)' : ''} · ${f.errors} JS error(s)</p>
${table(['metric', 'this load', 'field p75', 'attribution', 'parts'], vitals)}`;
    })
    .join('\n');
  const nav = s.navigation;
  const navRows = nav
    ? Object.entries(nav).map(([k, v]) =>
        row(escapeHtml(k), escapeHtml(typeof v === 'number' && k !== 'transferSize' ? `${v} ms` : v)),
      )
    : [];
  const resources = s.resources.map((r) =>
    row(
      escapeHtml(r.url),
      escapeHtml(r.type),
      `${r.duration} ms`,
      `${r.start} ms`,
      escapeHtml(r.transferSize),
      escapeHtml(r.status ?? ''),
    ),
  );
  const errors = s.errors.map((e) =>
    row(
      `${escapeHtml(e.message)}${e.stack ? `<pre>${escapeHtml(e.stack)}</pre>` : ''}`,
      escapeHtml(e.source ? `${e.source}:${e.line ?? ''}:${e.column ?? ''}` : ''),
      escapeHtml(e.count ?? 1),
    ),
  );
  const d = s.device;
  const device = [
    row('User agent', escapeHtml(d.userAgent)),
    row(
      'Viewport',
      `${escapeHtml(d.viewport.width)}×${escapeHtml(d.viewport.height)} @${escapeHtml(d.devicePixelRatio)}x`,
    ),
    row('Screen', `${escapeHtml(d.screen.width)}×${escapeHtml(d.screen.height)}`),
    row('CPU cores / memory', `${escapeHtml(d.cores ?? '?')} / ${escapeHtml(d.memoryGb ?? '?')} GB`),
    row(
      'Connection',
      escapeHtml(
        d.connection
          ? `${d.connection.effectiveType ?? '?'}, rtt ${d.connection.rtt ?? '?'} ms, ${d.connection.downlink ?? '?'} Mb/s${d.connection.saveData ? ', save-data' : ''}`
          : 'unknown',
      ),
    ),
    row('Language', escapeHtml(d.language ?? '')),
  ];
  const shot =
    s.screenshot && /^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/.test(s.screenshot)
      ? `<img alt="The visible tab when the snapshot was taken" src="${s.screenshot}">`
      : '<p class="none" data-no-screenshot>No screenshot: the browser let Sightline capture the tab only right after a click on its toolbar icon or the Alt+Shift+S shortcut. To include one, open the popup from the toolbar icon on the page (or press Alt+Shift+S there) and capture again.</p>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Sightline snapshot ${escapeHtml(code ?? '')} ${escapeHtml(s.title)}</title><style>${CSS}</style></head>
<body>
<h1>Sightline performance snapshot</h1>
<p>${code ? `Support code <span class="code" data-code>${escapeHtml(code)}</span> · ` : '<span class="muted">Not uploaded (no support code)</span> · '}captured ${escapeHtml(s.capturedAt)}</p>
<p><a href="${safeHref(s.url)}">${escapeHtml(s.url)}</a><br><span class="muted">${escapeHtml(s.title)} · LMS: ${escapeHtml(s.lms.platform)}${s.lms.toolFrame ? ' with a tool frame' : ''}</span></p>
${s.note ? `<p>Note: ${escapeHtml(s.note)}</p>` : ''}
<h2>Web vitals</h2>
${frames}
<h2>Navigation timing</h2>
${table(['phase', 'value'], navRows)}
<h2>Slowest resources</h2>
${table(['URL', 'type', 'duration', 'start', 'bytes', 'status'], resources)}
<h2>JavaScript errors</h2>
${table(['error', 'source', 'count'], errors)}
<h2>Device and connection</h2>
${table(['', ''], device)}
<h2>Screenshot</h2>
${shot}
<p class="muted">Sightline extension ${escapeHtml(s.extensionVersion ?? '')}. URLs are scrubbed: query values hidden, LTI launch parameters removed.</p>
</body></html>
`;
}
