// The list of views; each link keeps the site and range. Settings only for an admin token.
import { ADMIN_VIEWS, formatUrl, goTo, VIEW_TITLES, VIEWS, type UrlState } from '../models/url-state';

export function Nav({
  state,
  admin,
  onNavigate,
}: {
  state: UrlState;
  admin: boolean;
  onNavigate: (e: MouseEvent, next: UrlState) => void;
}) {
  return (
    <nav class="nav" aria-label="Views">
      <ul>
        {VIEWS.filter((v) => admin || !ADMIN_VIEWS.includes(v)).map((v) => {
          const next = goTo(state, v);
          return (
            <li>
              <a
                href={formatUrl(next)}
                aria-current={state.view === v ? 'page' : undefined}
                onClick={(e) => onNavigate(e, next)}
              >
                {VIEW_TITLES[v]}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
