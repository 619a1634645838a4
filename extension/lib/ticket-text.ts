// "Copy for a ticket": a few lines of plain text that read well as Markdown too, with
// the support code and a link to the stored snapshot, for pasting into a helpdesk ticket.
import { VITAL_NAMES } from '../../shared/limits';
import type { StoredSnapshot } from './snapshot-store';
import { RATING_TEXT, formatVital } from './compare';

export function ticketText(record: StoredSnapshot, serverUrl: string): string {
  const s = record.snapshot;
  const lines: string[] = [];
  const base = serverUrl.replace(/\/+$/, '');
  if (record.code)
    lines.push(`Sightline snapshot **${record.code}**${base ? `: ${base}/v1/snapshots/${record.code}` : ''}`);
  else
    lines.push(
      `Sightline snapshot (no support code: ${record.upload === 'pending' ? 'waiting to upload' : record.upload === 'rejected' ? `the server refused it: ${record.uploadError}` : 'no server configured'})`,
    );
  lines.push(`- Page: ${s.title ? `${s.title} ` : ''}<${s.url}>`);
  const platform =
    s.lms.platform === 'canvas' ? 'Canvas' : s.lms.platform === 'moodle' ? 'Moodle' : s.lms.platform;
  lines.push(`- Captured: ${s.capturedAt} (${platform}${s.lms.toolFrame ? ', with an LTI tool frame' : ''})`);
  s.frames.forEach((f, i) => {
    const vitals = [...f.vitals]
      .sort((a, b) => VITAL_NAMES.indexOf(a.name) - VITAL_NAMES.indexOf(b.name))
      .map((v) => `${v.name} ${formatVital(v.name, v.value)} (${RATING_TEXT[v.rating]})`);
    lines.push(`- ${i === 0 ? 'Page' : 'Tool frame'} vitals: ${vitals.join(', ') || 'none yet'}`);
  });
  if (s.errors.length) {
    const total = s.errors.reduce((n, e) => n + (e.count ?? 1), 0);
    lines.push(`- JS errors: ${total} (first: ${s.errors[0]!.message})`);
  } else lines.push('- JS errors: none');
  if (!s.screenshot) lines.push('- No screenshot');
  return lines.join('\n');
}
