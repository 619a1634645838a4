// An in-app link: a real href (open in a new tab works), navigation without reload on a plain click.
import type { ComponentChildren } from 'preact';
import { useCtx } from '../context';
import { formatUrl, goTo, type UrlState, type View } from '../models/url-state';

/** Follows a link inside the app unless a modifier asks the browser to open it elsewhere. */
export function follow(e: MouseEvent, next: UrlState, navigate: (s: UrlState) => void) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(next);
}

export function Link({
  view,
  filters,
  children,
  class: cls,
}: {
  view: View;
  filters?: UrlState['filters'];
  children: ComponentChildren;
  class?: string;
}) {
  const ctx = useCtx();
  const next = goTo(ctx.url.value, view, filters);
  return (
    <a href={formatUrl(next)} class={cls} onClick={(e) => follow(e, next, ctx.navigate)}>
      {children}
    </a>
  );
}
