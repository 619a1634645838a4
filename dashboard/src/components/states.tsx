// Loading, empty and error states that say what to do, and a titled section holding one of them or its content.
import type { ComponentChildren } from 'preact';

export function Loading({ what = 'data' }: { what?: string }) {
  return (
    <p class="state state-loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

export function ErrorNote({
  message,
  onRetry,
  stale,
}: {
  message: string;
  onRetry?: () => void;
  stale?: boolean;
}) {
  return (
    <div class="state state-error" role="alert">
      <strong>{stale ? 'Could not refresh: showing the last data. ' : 'Could not load. '}</strong>
      <span>{message}</span>
      {onRetry && (
        <button type="button" class="link-button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export interface Loadable<T> {
  data: { value: T | undefined };
  error: { value: string | null };
  loading: { value: boolean };
}

/** Renders `children(data)` once loaded; the loading or error state before; an error above stale data. */
export function Section<T>({
  title,
  res,
  children,
  what,
  onRetry,
  id,
  actions,
}: {
  title: string;
  res: Loadable<T>;
  children: (data: T) => ComponentChildren;
  what?: string;
  onRetry?: () => void;
  id?: string;
  actions?: ComponentChildren;
}) {
  const data = res.data.value;
  const error = res.error.value;
  return (
    <section class="card" id={id} aria-busy={res.loading.value}>
      <div class="card-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {error && <ErrorNote message={error} onRetry={onRetry} stale={data !== undefined} />}
      {data === undefined ? !error && <Loading what={what ?? title.toLowerCase()} /> : children(data)}
    </section>
  );
}
