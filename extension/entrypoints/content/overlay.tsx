// Mounts the overlay in a shadow root on a zero-size, fixed host: it takes no room
// in the page's layout and catches no clicks outside its own panel.
import { effect } from '@preact/signals';
import { render } from 'preact';
import { OverlayView } from '../../components/overlay-view';
import { OVERLAY_CSS } from '../../components/overlay-styles';
import type { HoverTarget, OverlayModel } from '../../models/overlay-model';
import type { AttributedNodes } from './collect';
import { createHighlighter } from './highlight';
import { cornerRect, defaultPlace, type DefaultPlace, type Rect } from '../../models/overlay-placement';

const CONTROLS =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [contenteditable="true"]';

/** The page's controls in view (the overlay's own are in its shadow root, not matched). */
function pageControls(): Rect[] {
  return [...document.querySelectorAll(CONTROLS)]
    .map((el) => el.getBoundingClientRect())
    .filter((r) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight)
    .map(({ x, y, width, height }) => ({ x, y, width, height }));
}

export interface MountedOverlay {
  unmount(): void;
}

const HOST_STYLE =
  'all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; margin: 0; padding: 0; border: 0; overflow: visible; z-index: 2147483647; pointer-events: none;';

export function mountOverlay(
  model: OverlayModel,
  nodes: AttributedNodes,
  onPlaceChanged: () => void,
): MountedOverlay {
  const host = document.createElement('sightline-overlay');
  host.setAttribute('style', HOST_STYLE);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = OVERLAY_CSS;
  const mount = document.createElement('div');
  root.append(style, mount);
  // On <html>, not <body>: the page's body selectors (`body > :last-child`) stay as they were.
  document.documentElement.appendChild(host);

  const highlighter = createHighlighter(root);
  let auto: DefaultPlace | null = null;
  let hoverNote: string | null = null;

  function onHover(target: HoverTarget | null) {
    highlighter.clear();
    hoverNote = null;
    // Elements can be outlined in this frame only; a tool frame's are in its own document.
    if (
      target &&
      target.frame === model.local.value.key &&
      (target.name === 'LCP' || target.name === 'CLS' || target.name === 'INP')
    ) {
      const node = target.name === 'LCP' ? nodes.lcp : target.name === 'CLS' ? nodes.cls : nodes.inp;
      hoverNote = highlighter.show(node, `${target.name} element`);
    } else if (target && target.frame !== model.local.value.key) {
      hoverNote = '(in the tool frame: its element cannot be outlined from here)';
    }
    model.hover.value = target;
  }

  function onDragStart(e: PointerEvent) {
    const panel = root.querySelector('.panel') as HTMLElement | null;
    if (!panel || e.button !== 0) return;
    const rect = panel.getBoundingClientRect();
    const dx = e.clientX - rect.left;
    const dy = e.clientY - rect.top;
    const handle = e.currentTarget as HTMLElement;
    handle.setPointerCapture?.(e.pointerId);
    const move = (m: PointerEvent) =>
      model.moveTo(
        m.clientX - dx,
        m.clientY - dy,
        { width: innerWidth, height: innerHeight },
        { width: rect.width, height: rect.height },
      );
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      onPlaceChanged();
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
    e.preventDefault();
  }

  const stop = effect(() => {
    const place = model.place.value;
    render(
      <OverlayView
        frames={model.frames.value}
        field={model.field.value}
        alerts={model.alerts.value}
        collapsed={place.collapsed}
        hover={model.hover.value}
        hoverNote={model.hover.value ? hoverNote : null}
        onToggleCollapsed={() => (model.toggleCollapsed(), onPlaceChanged())}
        onDragStart={onDragStart}
        onHover={onHover}
      />,
      mount,
    );
    const panel = root.querySelector('.panel') as HTMLElement | null;
    if (!panel) return;
    if (place.x !== null && place.y !== null) {
      Object.assign(panel.style, { left: `${place.x}px`, top: `${place.y}px`, right: 'auto' });
      return;
    }
    // Never moved on this site: a corner clear of the page's controls, decided again as
    // the panel grows, until it had to start folded (then it stays in that corner).
    const viewport = { width: document.documentElement.clientWidth || innerWidth, height: innerHeight };
    const size = panel.getBoundingClientRect();
    if (!auto || !auto.collapsed) {
      const header = panel.querySelector('header')?.getBoundingClientRect() ?? size;
      auto = defaultPlace(viewport, size, { ...size, height: header.height }, pageControls(), auto?.corner);
      if (auto.collapsed && !place.collapsed) {
        queueMicrotask(() => (model.place.value = { ...model.place.value, collapsed: true }));
      }
    }
    const { x, y } = cornerRect(auto.corner, viewport, size);
    Object.assign(panel.style, { left: `${x}px`, top: `${y}px`, right: 'auto' });
  });

  return {
    unmount() {
      stop();
      highlighter.clear();
      render(null, mount);
      host.remove();
    },
  };
}
