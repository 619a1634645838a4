// Outlines the element an attribution points at, with a box drawn in the overlay's
// own shadow root: the page's elements and styles are never touched.
export function createHighlighter(root: ShadowRoot) {
  let box: HTMLDivElement | null = null;
  let raf = 0;

  function clear() {
    cancelAnimationFrame(raf);
    box?.remove();
    box = null;
  }

  /** Returns a note when there is nothing to outline. */
  function show(node: Node | undefined, label: string): string | null {
    clear();
    const el = node instanceof Element ? node : (node?.parentElement ?? null);
    if (!el) return '(no element recorded)';
    if (!el.isConnected) return '(the element is no longer in the page)';
    box = document.createElement('div');
    box.className = 'highlight';
    box.dataset.testid = 'highlight';
    const tag = document.createElement('span');
    tag.textContent = label;
    box.appendChild(tag);
    root.appendChild(box);
    const place = () => {
      if (!box) return;
      const r = el.getBoundingClientRect();
      Object.assign(box.style, {
        left: `${r.left - 2}px`,
        top: `${r.top - 2}px`,
        width: `${r.width + 4}px`,
        height: `${r.height + 4}px`,
      });
      raf = requestAnimationFrame(place);
    };
    place();
    return null;
  }
  return { show, clear };
}
