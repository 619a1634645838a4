// One snapshot's report (`report.html?id=…`, or the newest without an id), from the
// extension's own IndexedDB: it opens offline. Shown in a sandboxed frame, with links to save it.
import { renderReportHtml } from '../../lib/report-html';
import { snapshotFileName } from '../../lib/snapshot';
import { createSnapshotStore } from '../../lib/snapshot-store';

async function main() {
  const store = createSnapshotStore();
  const id = new URLSearchParams(location.search).get('id');
  const record = id ? await store.get(id) : (await store.list())[0];
  const frame = document.getElementById('report') as HTMLIFrameElement;
  if (!record) {
    frame.srcdoc = `<p style="font:14px system-ui;padding:16px">${
      id ? 'This snapshot was deleted.' : 'No snapshot yet: use “Capture snapshot” in the popup.'
    }</p>`;
    return;
  }
  const html = renderReportHtml(record.snapshot, record.code);
  frame.srcdoc = html;
  document.getElementById('code')!.textContent = record.code
    ? `Support code ${record.code}`
    : record.upload === 'pending'
      ? 'not uploaded yet (queued: it goes when the server answers)'
      : 'not uploaded';
  const name = snapshotFileName(record.snapshot, record.code);
  const link = (elementId: string, text: string, type: string, file: string) => {
    const a = document.getElementById(elementId) as HTMLAnchorElement;
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = file;
  };
  link('save-html', html, 'text/html', `${name}.html`);
  link(
    'save-json',
    JSON.stringify({ code: record.code, ...record.snapshot }, null, 2),
    'application/json',
    `${name}.json`,
  );
}

void main();
