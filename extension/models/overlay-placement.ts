// Where the overlay starts on a page where it was never moved: the first corner (top
// right, bottom right, bottom left, top left) where it covers none of the page's
// controls; where every corner would cover one, the corner covering fewest, folded to
// its header. Pure: the content script measures the panel and the controls.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Corner = 'top-right' | 'bottom-right' | 'bottom-left' | 'top-left';
export const CORNERS: Corner[] = ['top-right', 'bottom-right', 'bottom-left', 'top-left'];
const MARGIN = 12;

export interface DefaultPlace {
  corner: Corner;
  /** Every corner covers a control: start folded. */
  collapsed: boolean;
  /** The panel's left and top, in viewport pixels. */
  x: number;
  y: number;
}

export function cornerRect(corner: Corner, viewport: { width: number; height: number }, panel: Rect): Rect {
  const x = corner.endsWith('right') ? viewport.width - panel.width - MARGIN : MARGIN;
  const y = corner.startsWith('bottom') ? viewport.height - panel.height - MARGIN : MARGIN;
  return { x: Math.max(0, x), y: Math.max(0, y), width: panel.width, height: panel.height };
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** `panel` open and `folded` (its header only) sizes; `controls` the page's visible controls. */
export function defaultPlace(
  viewport: { width: number; height: number },
  panel: Rect,
  folded: Rect,
  controls: Rect[],
  preferred: Corner = 'top-right',
): DefaultPlace {
  const order = [preferred, ...CORNERS.filter((c) => c !== preferred)];
  const covered = (size: Rect, corner: Corner) =>
    controls.filter((c) => overlaps(cornerRect(corner, viewport, size), c)).length;
  const open = order.find((c) => covered(panel, c) === 0);
  const at = (corner: Corner, size: Rect) => {
    const { x, y } = cornerRect(corner, viewport, size);
    return { x, y };
  };
  if (open) return { corner: open, collapsed: false, ...at(open, panel) };
  const best = order.reduce((a, b) => (covered(folded, b) < covered(folded, a) ? b : a));
  return { corner: best, collapsed: true, ...at(best, folded) };
}
