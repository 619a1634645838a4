// Sites: create one, change its name and allowed origins, rotate its key, and copy
// the exact script tag to paste, with a "waiting for the first event… received" check.
import { useEffect, useState } from 'preact/hooks';
import { Empty, Section } from '../components/states';
import { useCtx } from '../context';
import { fmtAgo, fmtTime } from '../models/format';
import { CopyButton, Field, Problem, Submit, useAction, useList, valueOf } from './settings-parts';

interface Site {
  id: string;
  key: string;
  name: string;
  origins: string[];
}

/** The tag a tool pastes into its HTML: this server's script, the site's key. */
export const scriptTag = (origin: string, key: string) =>
  `<script src="${origin}/sightline.js" data-site-key="${key}" async></script>`;

const originsOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Polls the site until an event has arrived, then says when the last one did. */
function FirstEvent({ id }: { id: string }) {
  const ctx = useCtx();
  const [last, setLast] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const site = await ctx.api.get<{ lastEventAt: string | null }>(`/v1/sites/${encodeURIComponent(id)}`);
        if (stop) return;
        setLast(site.lastEventAt);
        setNow(Date.now());
        if (site.lastEventAt) return;
      } catch {
        // the next poll retries
      }
      if (!stop) timer = setTimeout(poll, 2_000);
    };
    void poll();
    return () => ((stop = true), clearTimeout(timer));
  }, [id]);
  return last ? (
    <p class="first-event received" role="status" data-testid="first-event">
      Received: the latest event arrived {fmtAgo(last, now)} ({fmtTime(last)}).
    </p>
  ) : (
    <p class="first-event" role="status" data-testid="first-event">
      Waiting for the first event… Paste the tag into a page and open it.
    </p>
  );
}

function SiteEditor({ site, open, onChange }: { site: Site; open: boolean; onChange: () => void }) {
  const ctx = useCtx();
  const [name, setName] = useState(site.name);
  const [origins, setOrigins] = useState(site.origins.join('\n'));
  const act = useAction(onChange);
  const [shown, setShown] = useState(open);
  const path = `/v1/sites/${encodeURIComponent(site.id)}`;
  const tag = scriptTag(location.origin, site.key);
  return (
    <details
      class="setting"
      open={open}
      data-site={site.id}
      onToggle={(e) => setShown((e.target as HTMLDetailsElement).open)}
    >
      <summary>
        <strong>{site.name}</strong> <span class="muted mono small">{site.id}</span>
      </summary>
      <p class="small">
        Paste this tag into every page of the tool (in its HTML, before the closing body tag):
      </p>
      <div class="copy-row">
        <code class="tag" data-testid="script-tag">
          {tag}
        </code>
        <CopyButton text={tag} label="Copy tag" />
      </div>
      {shown && <FirstEvent id={site.id} />}
      <form
        class="form"
        onSubmit={(e) => (
          e.preventDefault(),
          act.run(() => ctx.api.patch(path, { name, origins: originsOf(origins) }))
        )}
      >
        <Field label="Name">
          <input value={name} required maxLength={128} onInput={(e) => setName(valueOf(e))} />
        </Field>
        <Field label="Allowed page origins (one per line; * allows any)">
          <textarea rows={3} value={origins} onInput={(e) => setOrigins(valueOf(e))} />
        </Field>
        <div class="actions">
          <button type="submit" disabled={act.busy}>
            Save
          </button>
          <button
            type="button"
            disabled={act.busy}
            onClick={() =>
              confirm(`Rotate the key of ${site.name}? Pages with the old tag stop sending at once.`) &&
              act.run(() => ctx.api.post(`${path}/rotate-key`))
            }
          >
            Rotate key
          </button>
        </div>
        <Problem text={act.problem} />
      </form>
    </details>
  );
}

export function SitesSettings() {
  const ctx = useCtx();
  const sites = useList<{ sites: Site[] }>('/v1/sites');
  const [created, setCreated] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const reload = () => {
    sites.retry();
    // The header's site picker too.
    ctx.api.get<{ sites: Site[] }>('/v1/sites').then(
      (r) => (ctx.sites.value = r.sites),
      () => {},
    );
  };
  const act = useAction(reload);
  const create = async (e: Event) => {
    e.preventDefault();
    const site = await act.run(() => ctx.api.post<Site>('/v1/sites', { name, origins: originsOf(origins) }));
    if (site) (setCreated(site.id), setName(''), setOrigins(''));
  };
  return (
    <Section title="Sites" res={sites} onRetry={sites.retry} id="settings-sites">
      {(d) => (
        <>
          {d.sites.length ? (
            d.sites.map((s) => (
              <SiteEditor
                key={`${s.id}|${s.key}`}
                site={s}
                open={s.id === created}
                onChange={() => (setCreated(s.id), reload())}
              />
            ))
          ) : (
            <Empty>No sites yet: create one below.</Empty>
          )}
          <form class="form" onSubmit={create} aria-label="New site">
            <h3>New site</h3>
            <Field label="Name">
              <input value={name} required maxLength={128} onInput={(e) => setName(valueOf(e))} />
            </Field>
            <Field label="Allowed page origins (one per line, e.g. https://tool.example.edu)">
              <textarea rows={2} value={origins} onInput={(e) => setOrigins(valueOf(e))} />
            </Field>
            <Submit label="Create site" busy={act.busy} problem={act.problem} />
          </form>
        </>
      )}
    </Section>
  );
}
