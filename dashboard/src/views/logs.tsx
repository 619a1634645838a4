// Logs: the log lines the tool's server sent (server SDK logger), searched by words,
// level, route, request and release, newest first, in pages; the exceptions they
// report, grouped, with the lines around them; error patterns and their spikes.
// A line's request id shows that request's lines. Text from the field: rendered as text.
import { useSignal } from '@preact/signals';
import './logs.css';
import type {
  ExceptionResponse,
  ExceptionsResponse,
  LogLineAnswer,
  LogPatternsResponse,
  LogsResponse,
} from '../../../shared/logs';
import { Empty, Section } from '../components/states';
import { useCtx, useQuery } from '../context';
import { fmtCount, fmtTime } from '../models/format';
import type { UrlState } from '../models/url-state';
import { Link } from './link';

const LEVELS = {
  '': 'All levels',
  error: 'Errors',
  'warn,error': 'Warnings and errors',
  'info,warn,error': 'Info and above',
};
const SEARCHED = ['q', 'level', 'route', 'request', 'exception'] as const;

function LogTable({ lines, testid }: { lines: LogLineAnswer[]; testid: string }) {
  return (
    <div class="table-wrap">
      <table class="table logs" data-testid={testid}>
        <thead>
          <tr>
            <th scope="col">time</th>
            <th scope="col">level</th>
            <th scope="col">message</th>
            <th scope="col" data-priority="low">
              route
            </th>
            <th scope="col">request</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr data-level={l.level} data-id={l.id}>
              <td class="small nowrap">{fmtTime(l.t)}</td>
              <td>
                <span class={`log-level log-${l.level}`}>{l.level}</span>
              </td>
              <td>
                <div class="log-message">{l.message}</div>
                {l.context && <div class="mono small muted">{JSON.stringify(l.context)}</div>}
                {l.exception && (
                  <Link view="logs" filters={{ exception: l.exception.fingerprint }} class="small">
                    {l.exception.type}: {l.exception.title}
                  </Link>
                )}
              </td>
              <td class="mono small">{l.route || '—'}</td>
              <td class="mono small">
                {l.requestId ? (
                  <Link view="logs" filters={{ request: l.requestId }}>
                    {l.requestId}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SearchForm({ url }: { url: UrlState }) {
  const ctx = useCtx();
  const f = url.filters;
  const search = (filters: UrlState['filters']) => ctx.navigate({ ...url, filters: { ...f, ...filters } });
  return (
    <form
      class="log-search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        search({ q: String(data.get('q') ?? '').trim() || undefined });
      }}
    >
      <input
        type="search"
        name="q"
        aria-label="Search log messages"
        placeholder="Search messages…"
        value={f.q ?? ''}
      />
      <select
        aria-label="Level"
        value={f.level ?? ''}
        onChange={(e) => search({ level: e.currentTarget.value || undefined })}
      >
        {Object.entries(LEVELS).map(([v, label]) => (
          <option value={v}>{label}</option>
        ))}
      </select>
      <button type="submit">Search</button>
      {(['route', 'request', 'exception'] as const).map(
        (k) =>
          f[k] && (
            <span class="chip" data-filter={k}>
              {k} <span class="mono">{f[k]}</span>{' '}
              <button
                type="button"
                class="link-button"
                aria-label={`Clear ${k}`}
                onClick={() => search({ [k]: undefined })}
              >
                ×
              </button>
            </span>
          ),
      )}
    </form>
  );
}

function Lines({ url }: { url: UrlState }) {
  // Older pages: the cursors that led to each, so "Newer" steps back.
  const cursors = useSignal<string[]>([]);
  const key = SEARCHED.map((k) => url.filters[k] ?? '').join('|');
  const seenKey = useSignal(key);
  if (seenKey.value !== key) {
    seenKey.value = key;
    cursors.value = [];
  }
  const cursor = cursors.value[cursors.value.length - 1];
  const f = url.filters;
  const res = useQuery<LogsResponse>('/v1/logs', {
    q: f.q,
    level: f.level,
    route: f.route,
    request: f.request,
    exception: f.exception,
    cursor,
    limit: 50,
  });
  return (
    <Section title={f.request ? `Request ${f.request}` : 'Log lines'} res={res} onRetry={res.retry} id="logs">
      {(d) => (
        <>
          <SearchForm url={url} />
          <p class="small muted" data-testid="logs-usage" data-dropped={d.usage.dropped}>
            {fmtCount(d.usage.lines)} lines kept in this range
            {d.usage.dropped > 0
              ? `; ${fmtCount(d.usage.dropped)} dropped by the daily byte cap (SIGHTLINE_LOG_BYTES_PER_DAY)`
              : '; none dropped by the daily byte cap'}
            .
          </p>
          {d.lines.length ? (
            <LogTable lines={d.lines} testid="log-lines" />
          ) : (
            <Empty>No log lines match.</Empty>
          )}
          <div class="pager">
            <button
              type="button"
              disabled={!cursors.value.length}
              onClick={() => (cursors.value = cursors.value.slice(0, -1))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={!d.next}
              onClick={() => (cursors.value = [...cursors.value, d.next!])}
            >
              Older
            </button>
          </div>
        </>
      )}
    </Section>
  );
}

function ExceptionDetail({ fingerprint }: { fingerprint: string }) {
  const res = useQuery<ExceptionResponse>(`/v1/logs/exceptions/${encodeURIComponent(fingerprint)}`);
  return (
    <Section title="Exception" res={res} onRetry={res.retry} id="exception">
      {(d) => (
        <div data-testid="exception-detail">
          <p class="error-title">
            {d.group.type}: {d.group.title}
          </p>
          <dl class="facts">
            <div>
              <dt>Count</dt>
              <dd data-value={d.group.count}>{fmtCount(d.group.count)}</dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd>{fmtTime(d.group.firstSeen)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd>{fmtTime(d.group.lastSeen)}</dd>
            </div>
            <div>
              <dt>First release</dt>
              <dd class="mono">{d.group.firstRelease || '—'}</dd>
            </div>
            <div>
              <dt>Top frame</dt>
              <dd class="mono">{d.group.frame || '—'}</dd>
            </div>
          </dl>
          <h3>Stack</h3>
          <pre class="pre">{d.group.stack || '(no stack)'}</pre>
          <h3>Lines around the latest</h3>
          <LogTable lines={d.around} testid="exception-around" />
        </div>
      )}
    </Section>
  );
}

function Exceptions() {
  const res = useQuery<ExceptionsResponse>('/v1/logs/exceptions', { limit: 20 });
  return (
    <Section title="Server exceptions" res={res} onRetry={res.retry} id="exceptions">
      {(d) =>
        d.groups.length ? (
          <ul class="list" data-testid="exceptions">
            {d.groups.map((g) => (
              <li data-fingerprint={g.fingerprint}>
                <Link view="logs" filters={{ exception: g.fingerprint }}>
                  {g.type}: {g.title}
                </Link>{' '}
                <span class="muted small">
                  {fmtCount(g.count)} × · last {fmtTime(g.lastSeen)}
                  {g.firstRelease && ` · since ${g.firstRelease}`}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No exceptions in this range.</Empty>
        )
      }
    </Section>
  );
}

function Patterns() {
  // The last hour when the range is an hour, else the last day, each against the same window on the 7 days before.
  const hour = useCtx().url.value.range === '1h';
  const res = useQuery<LogPatternsResponse>(
    '/v1/logs/patterns',
    { window: hour ? 60 : 1440 },
    { range: false },
  );
  const span = hour ? 'hour' : 'day';
  return (
    <Section
      title={`Error patterns, last ${span} vs the same ${span} on the previous 7 days`}
      res={res}
      onRetry={res.retry}
      id="patterns"
    >
      {(d) =>
        d.patterns.length ? (
          <ul class="list" data-testid="log-patterns">
            {d.patterns.slice(0, 15).map((p) => (
              <li data-spike={p.spike}>
                {p.spike && <span class="log-level log-error">spike</span>}{' '}
                <span class="mono">{p.template}</span>{' '}
                <span class="muted small">
                  {fmtCount(p.count)} (usually {fmtCount(Math.round(p.baseline))}) · since{' '}
                  {p.firstRelease || '—'}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <Empty>No error or warning lines in the last {span}.</Empty>
        )
      }
    </Section>
  );
}

export function LogsView() {
  const ctx = useCtx();
  const url = ctx.url.value;
  return (
    <>
      {url.filters.exception && <ExceptionDetail fingerprint={url.filters.exception} />}
      <Lines url={url} />
      <div class="grid-2">
        <Exceptions />
        <Patterns />
      </div>
    </>
  );
}
