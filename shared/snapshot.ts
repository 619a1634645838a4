// A performance snapshot (extension → POST /v1/snapshots): what QA captured on one
// page, for a support ticket. Schemas and their types side by side.
import { z } from 'zod';
import { VITAL_NAMES } from './limits';
import { LmsPlatformSchema } from './protocol';
import { MAX_SCREENSHOT_CHARS } from './snapshot-limits';

const str = (max: number) => z.string().max(max);
const ms = z.number().finite().min(0).max(3_600_000);

export { MAX_SCREENSHOT_CHARS, MAX_SNAPSHOT_BYTES, SUPPORT_CODE } from './snapshot-limits';

export const SnapshotVitalSchema = z.object({
  name: z.enum(VITAL_NAMES),
  value: z.number().finite().min(0),
  rating: z.enum(['good', 'needs-improvement', 'poor']),
  target: str(512).optional(),
  detail: str(1024).optional(),
  parts: z.record(str(32), z.number().finite()).optional(),
  /** The field p75 for the same route at capture time, when the server had one. */
  fieldP75: z.number().finite().nullable().optional(),
});
export type SnapshotVital = z.infer<typeof SnapshotVitalSchema>;

export const SnapshotFrameSchema = z.object({
  url: str(2048),
  route: str(256),
  title: str(512).default(''),
  platform: LmsPlatformSchema,
  framed: z.boolean(),
  vitals: z.array(SnapshotVitalSchema).max(10),
  errors: z.number().int().min(0),
});
export type SnapshotFrame = z.infer<typeof SnapshotFrameSchema>;

export const SnapshotNavigationSchema = z.object({
  type: str(32),
  dns: ms,
  tcp: ms,
  tls: ms,
  ttfb: ms,
  download: ms,
  domInteractive: ms,
  domContentLoaded: ms,
  load: ms,
  transferSize: z.number().int().min(0),
});
export type SnapshotNavigation = z.infer<typeof SnapshotNavigationSchema>;

export const SnapshotResourceSchema = z.object({
  url: str(2048),
  type: str(32),
  start: ms,
  duration: ms,
  transferSize: z.number().int().min(0),
  status: z.number().int().optional(),
});
export type SnapshotResource = z.infer<typeof SnapshotResourceSchema>;

export const SnapshotErrorSchema = z.object({
  message: str(1024),
  stack: str(8192).default(''),
  source: str(2048).optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  count: z.number().int().min(1).default(1),
});
export type SnapshotError = z.infer<typeof SnapshotErrorSchema>;

/** The page's long tasks (main thread busy over 50 ms) up to the capture; absent where the browser does not time them (Firefox). */
export const SnapshotLongTasksSchema = z.object({
  count: z.number().int().min(0),
  /** The sum of each task's time past 50 ms (the input delay it caused). */
  blockingMs: ms,
  longestMs: ms,
});
export type SnapshotLongTasks = z.infer<typeof SnapshotLongTasksSchema>;

export const SnapshotDeviceSchema = z.object({
  userAgent: str(512),
  language: str(35).optional(),
  viewport: z.object({ width: z.number().int(), height: z.number().int() }),
  screen: z.object({ width: z.number().int(), height: z.number().int() }),
  devicePixelRatio: z.number().positive(),
  cores: z.number().int().optional(),
  memoryGb: z.number().optional(),
  connection: z
    .object({
      effectiveType: str(16).optional(),
      rtt: z.number().optional(),
      downlink: z.number().optional(),
      saveData: z.boolean().optional(),
    })
    .optional(),
});
export type SnapshotDevice = z.infer<typeof SnapshotDeviceSchema>;

export const SnapshotInputSchema = z.object({
  /** When it was captured, ISO 8601. */
  capturedAt: z.iso.datetime({ offset: true }),
  /** The page (top frame), scrubbed: query values hidden, LTI launch parameters dropped. */
  url: str(2048),
  title: str(512).default(''),
  lms: z.object({ platform: LmsPlatformSchema, toolFrame: z.boolean() }),
  /** The top frame first, then the LTI tool frame(s). */
  frames: z.array(SnapshotFrameSchema).min(1).max(5),
  navigation: SnapshotNavigationSchema.nullable(),
  resources: z.array(SnapshotResourceSchema).max(20),
  errors: z.array(SnapshotErrorSchema).max(50),
  longTasks: SnapshotLongTasksSchema.optional(),
  device: SnapshotDeviceSchema,
  /** `data:image/png;base64,…` or JPEG, or absent when the tab could not be captured. */
  screenshot: z
    .string()
    .max(MAX_SCREENSHOT_CHARS)
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'expected a PNG or JPEG data URL')
    .optional(),
  /** Free text QA adds ("quiz page after submit"). */
  note: str(2000).optional(),
  extensionVersion: str(32).optional(),
});
export type SnapshotInput = z.input<typeof SnapshotInputSchema>;
export type Snapshot = z.output<typeof SnapshotInputSchema>;

/** A stored snapshot as GET /v1/snapshots lists it (no screenshot, no detail). */
export interface SnapshotSummary {
  code: string;
  createdAt: string;
  capturedAt: string;
  url: string;
  title: string;
  platform: string;
  createdBy: string;
  hasScreenshot: boolean;
}
