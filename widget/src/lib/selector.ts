// A short CSS-like path to an element for attribution (`div.hero>h1`), as
// web-vitals' attribution build writes it: stops at an id, at most 100 characters.
import { attempt } from './safe';

export function selector(node: Node | null | undefined): string | undefined {
  let path = '';
  // Nodes from odd documents may throw: keep what was read.
  attempt(() => {
    for (
      let el = node as Element | null;
      el?.nodeType === 1 && path[0] !== '#';
      el = el.parentNode as Element | null
    ) {
      const part = el.id ? `#${el.id}` : [el.localName, ...[...el.classList].sort()].join('.');
      if (path.length + part.length > 99) return void (path ||= part.slice(0, 100));
      path = path ? `${part}>${path}` : part;
    }
  });
  return path || undefined;
}
