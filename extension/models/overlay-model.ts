// The overlay's state as signals: this frame's readings, the tool frames' reports,
// the field p75 per frame, the alerts about this page, where the panel sits.
// No DOM here: the content script feeds it, the view reads it.
import { batch, computed, signal } from '@preact/signals';
import type { AlertView } from '../../shared/alerts';
import type { VitalName } from '../../shared/limits';
import type { FieldVitals, FrameReport, OverlayPlace, VitalReading } from '../lib/types';

/** Tool frames shown beside the LMS page: the most recently reporting ones. */
const MAX_TOOL_FRAMES = 2;

export interface HoverTarget {
  frame: string;
  name: VitalName;
}

export function createOverlayModel(initial: FrameReport) {
  const local = signal<FrameReport>(initial);
  const toolFrames = signal<Record<string, FrameReport & { seen: number }>>({});
  const field = signal<Record<string, FieldVitals>>({});
  const alerts = signal<AlertView[]>([]);
  const place = signal<OverlayPlace>({ x: null, y: null, collapsed: false });
  const visible = signal(false);
  const hover = signal<HoverTarget | null>(null);
  let seen = 0;

  /** The LMS page first, then up to two tool frames, newest first. */
  const frames = computed<FrameReport[]>(() => [
    local.value,
    ...Object.values(toolFrames.value)
      .sort((a, b) => b.seen - a.seen)
      .slice(0, MAX_TOOL_FRAMES),
  ]);

  return {
    local,
    toolFrames,
    field,
    alerts,
    place,
    visible,
    hover,
    frames,
    setReading(reading: VitalReading) {
      local.value = { ...local.value, vitals: { ...local.value.vitals, [reading.name]: reading } };
    },
    setErrors(count: number) {
      if (count !== local.value.errors) local.value = { ...local.value, errors: count };
    },
    /** An SPA route change: new URL and route; the readings stay (they are the load's). */
    navigated(url: string, route: string, title: string) {
      local.value = { ...local.value, url, route, title, softNavigations: local.value.softNavigations + 1 };
    },
    setToolFrame(id: string, report: FrameReport) {
      // A frame that navigated (new key) replaces its old document.
      toolFrames.value = { ...toolFrames.value, [id]: { ...report, seen: ++seen } };
    },
    setField(frameKey: string, value: FieldVitals) {
      field.value = { ...field.value, [frameKey]: value };
    },
    toggleCollapsed() {
      place.value = { ...place.value, collapsed: !place.value.collapsed };
    },
    /** Moves the panel, kept inside the viewport. */
    moveTo(
      x: number,
      y: number,
      viewport: { width: number; height: number },
      size: { width: number; height: number },
    ) {
      const clamp = (v: number, max: number) => Math.round(Math.min(Math.max(0, v), Math.max(0, max)));
      place.value = {
        ...place.value,
        x: clamp(x, viewport.width - size.width),
        y: clamp(y, viewport.height - Math.min(size.height, 40)),
      };
    },
    reset(report: FrameReport) {
      batch(() => {
        local.value = report;
        toolFrames.value = {};
        field.value = {};
      });
    },
  };
}

export type OverlayModel = ReturnType<typeof createOverlayModel>;
