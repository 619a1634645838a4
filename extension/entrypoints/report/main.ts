// The last snapshot's report, shown in a sandboxed frame, with links to save it.
import { lastSnapshotItem } from '../../lib/capture';
import { renderReportHtml } from '../../lib/report-html';
import { snapshotFileName } from '../../lib/snapshot';

void lastSnapshotItem.getValue().then((last) => {
  const frame = document.getElementById('report') as HTMLIFrameElement;
  if (!last) {
    frame.srcdoc =
      '<p style="font:14px system-ui;padding:16px">No snapshot yet: use “Capture snapshot” in the popup.</p>';
    return;
  }
  const html = renderReportHtml(last.snapshot, last.code);
  frame.srcdoc = html;
  document.getElementById('code')!.textContent = last.code ? `Support code ${last.code}` : 'not uploaded';
  const name = snapshotFileName(last.snapshot, last.code);
  const link = (id: string, text: string, type: string, file: string) => {
    const a = document.getElementById(id) as HTMLAnchorElement;
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = file;
  };
  link('save-html', html, 'text/html', `${name}.html`);
  link(
    'save-json',
    JSON.stringify({ code: last.code, ...last.snapshot }, null, 2),
    'application/json',
    `${name}.json`,
  );
});
