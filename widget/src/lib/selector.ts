// A short CSS-like path to an element for attribution (`div.hero>h1`), as
// web-vitals' attribution build writes it: stops at an id, at most 100 characters.

export function selector(node: Node | null | undefined): string | undefined {
  let path = '';
  try {
    while (node && node.nodeType === 1) {
      const el = node as Element;
      const part = el.id ? `#${el.id}` : [el.localName, ...Array.from(el.classList).sort()].join('.');
      if (path.length + part.length > 99) return path || part.slice(0, 100);
      path = path ? `${part}>${path}` : part;
      if (el.id) break;
      node = el.parentNode;
    }
  } catch {
    // Nodes from odd documents: keep what was read.
  }
  return path || undefined;
}
