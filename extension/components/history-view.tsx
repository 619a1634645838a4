// The snapshot history page: every snapshot kept in this browser, newest first, with
// its support code (or upload state), page, time and key vitals; open, copy for a
// ticket, delete; pick two to compare them side by side. Props only.
import { formatVital } from '../lib/compare';
import type { Row, SnapshotComparison } from '../lib/snapshot-compare';
import type { StoredSnapshot } from '../lib/snapshot-store';

export interface HistoryViewProps {
  records: StoredSnapshot[];
  selected: string[];
  queued: number;
  message: string | null;
  comparison: SnapshotComparison | null;
  pair: [StoredSnapshot, StoredSnapshot] | null;
  reportUrl: (id: string) => string;
  onToggle: (id: string) => void;
  onRemove: (id: string) => void;
  onCopy: (id: string) => void;
  onUploadNow: () => void;
}

const UPLOAD_TEXT = {
  pending: 'waiting to upload',
  uploaded: 'uploaded',
  local: 'kept here (no server)',
  rejected: 'refused by the server',
} as const;

const KEY_VITALS = ['LCP', 'INP', 'CLS'] as const;

const label = (r: StoredSnapshot) => r.code ?? new Date(r.snapshot.capturedAt).toLocaleString();

export function HistoryView(p: HistoryViewProps) {
  return (
    <main>
      <h1>Sightline snapshots</h1>
      <p class="muted">
        Kept in this browser, newest first. Tick two to compare them.{' '}
        {p.queued > 0 && (
          <>
            <span data-testid="queued">{p.queued} waiting to upload</span>{' '}
            <button type="button" onClick={p.onUploadNow} data-testid="upload-now">
              Upload now
            </button>
          </>
        )}
      </p>
      {p.message && (
        <p class="message" data-testid="history-message">
          {p.message}
        </p>
      )}
      {p.records.length === 0 ? (
        <p data-testid="history-empty">No snapshots yet: use “Capture snapshot” in the popup.</p>
      ) : (
        <table class="history">
          <thead>
            <tr>
              <th>Compare</th>
              <th>Support code</th>
              <th>Page</th>
              <th>Taken</th>
              {KEY_VITALS.map((n) => (
                <th key={n}>{n}</th>
              ))}
              <th>Upload</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.records.map((r) => {
              const top = r.snapshot.frames[0]!;
              return (
                <tr key={r.id} data-snapshot={r.id} data-upload={r.upload}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label="Compare"
                      checked={p.selected.includes(r.id)}
                      onChange={() => p.onToggle(r.id)}
                    />
                  </td>
                  <td class="code" data-testid="row-code">
                    {r.code ?? '–'}
                  </td>
                  <td>
                    {r.snapshot.title || top.route}
                    <br />
                    <span class="muted">{r.snapshot.url}</span>
                  </td>
                  <td>{new Date(r.snapshot.capturedAt).toLocaleString()}</td>
                  {KEY_VITALS.map((n) => {
                    const v = top.vitals.find((x) => x.name === n);
                    return (
                      <td key={n} class={v?.rating}>
                        {v ? formatVital(n, v.value) : '–'}
                      </td>
                    );
                  })}
                  <td data-testid="row-upload" title={r.uploadError ?? ''}>
                    {UPLOAD_TEXT[r.upload]}
                    {r.upload !== 'uploaded' && r.uploadError ? `: ${r.uploadError}` : ''}
                    {!r.snapshot.screenshot && <div class="muted">no screenshot</div>}
                  </td>
                  <td class="actions">
                    <a href={p.reportUrl(r.id)} target="_blank" rel="noopener">
                      Open
                    </a>
                    <button type="button" onClick={() => p.onCopy(r.id)}>
                      Copy for a ticket
                    </button>
                    <button type="button" onClick={() => p.onRemove(r.id)}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {p.comparison && p.pair && <Comparison c={p.comparison} pair={p.pair} />}
    </main>
  );
}

function Comparison({ c, pair }: { c: SnapshotComparison; pair: [StoredSnapshot, StoredSnapshot] }) {
  return (
    <section class="compare" data-testid="comparison">
      <h2>
        Before {label(pair[0])} → after {label(pair[1])}:{' '}
        <span data-testid="compare-summary">
          {c.better} better, {c.worse} worse
        </span>
      </h2>
      {c.frames.map((f) => (
        <Rows key={f.label} title={`Vitals: ${f.label}`} rows={f.rows} />
      ))}
      <Rows title="Navigation" rows={c.navigation} />
      <Rows title="Long tasks (main thread busy over 50 ms)" rows={c.longTasks} />
      <Rows title="Resources (duration)" rows={c.resources} />
      <Rows title="JavaScript errors (count)" rows={c.errors} />
    </section>
  );
}

const CHANGE_TEXT = {
  better: 'better',
  worse: 'worse',
  same: 'about the same',
  added: 'new',
  removed: 'gone',
};

function Rows({ title, rows }: { title: string; rows: Row[] }) {
  return (
    <>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p class="muted">None in either.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th />
              <th>Before</th>
              <th>After</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label} data-compare={r.label} data-change={r.change} class={`change-${r.change}`}>
                <th>{r.label}</th>
                <td>{r.before}</td>
                <td>{r.after}</td>
                <td>
                  {CHANGE_TEXT[r.change]}
                  {r.delta ? ` (${r.delta})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
