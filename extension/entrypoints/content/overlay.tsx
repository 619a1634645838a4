// Mounts the overlay in a shadow root on a zero-size, fixed host: it takes no room
// in the page's layout and catches no clicks outside its own panel.
import { effect } from '@preact/signals';
import { render } from 'preact';
import { OverlayView } from '../../components/overlay-view';
import { OVERLAY_CSS } from '../../components/overlay-styles';
import type { HoverTarget, OverlayModel } from '../../models/overlay-model';
import type { AttributedNodes } from './collect';
import { createHighlighter } from './highlight';

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
    if (panel) {
      const placed = place.x !== null && place.y !== null;
      Object.assign(
        panel.style,
        placed
          ? { left: `${place.x}px`, top: `${place.y}px`, right: 'auto' }
          : { top: '12px', right: '12px', left: 'auto' },
      );
    }
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
