// Messages between the content script, the background and the popup.
import type { AlertView } from '../../shared/alerts';
import type { SnapshotInput } from '../../shared/snapshot';
import type { UploadState } from './snapshot-store';
import type { FieldVitals, FrameReport } from './types';

/** To the background. */
export type BackgroundMessage =
  /** A frame's readings (tool frames: forwarded to the tab's top frame). */
  | { type: 'frame-report'; report: FrameReport }
  /** The top frame asks for the tool frames' last reports. */
  | { type: 'frame-reports' }
  /** Field p75 for a route of the site whose origins include `origin`. */
  | { type: 'field'; origin: string; route: string }
  | { type: 'poll-now' }
  | { type: 'ack'; id: string }
  | { type: 'capture'; tabId: number }
  /** Upload the queued snapshots now (the history page); answers FlushResult. */
  | { type: 'flush-uploads' }
  /** The popup's overlay switch for the tab's site (lib/overlay-switch.ts); answers TabSummary | null. */
  | { type: 'switch-overlay'; tabId: number; on: boolean };

/** To a tab's top frame. */
export type ContentMessage =
  | { type: 'frame-report'; frameId: number; report: FrameReport }
  | { type: 'summary' }
  | { type: 'snapshot-data' };

/** The top frame's answer to `summary`. */
export interface TabSummary {
  host: string;
  overlayOn: boolean;
  reason: string;
  frames: FrameReport[];
  field: Record<string, FieldVitals>;
}

/** The top frame's answer to `snapshot-data`: a snapshot without screenshot and time. */
export type SnapshotData = Omit<SnapshotInput, 'screenshot' | 'capturedAt' | 'extensionVersion'>;

export type CaptureResult = {
  /** The local record (snapshot-store.ts): report.html?id=… shows it. */
  id: string;
  snapshot: SnapshotInput;
  upload: UploadState;
  /** The support code when the server stored it. */
  code: string | null;
  uploadError: string | null;
  downloads: string[];
};

export type AckResult = { ok: true; alert: AlertView } | { ok: false; message: string };
