// Assembling a snapshot from what the page sent and the screenshot, and naming its files.
import { MAX_SCREENSHOT_CHARS } from '../../shared/snapshot-limits';
import type { SnapshotInput } from '../../shared/snapshot';
import type { SnapshotData } from './messages';

export function assembleSnapshot(
  data: SnapshotData,
  screenshot: string | null,
  now: number,
  extensionVersion: string,
): SnapshotInput {
  return {
    ...data,
    capturedAt: new Date(now).toISOString(),
    ...(screenshot && screenshot.length <= MAX_SCREENSHOT_CHARS ? { screenshot } : {}),
    extensionVersion,
  };
}

/** `sightline-snapshot-2026-11-27T12-00-00Z-SL-7K3Q-9F` (no characters file systems refuse). */
export function snapshotFileName(snapshot: Pick<SnapshotInput, 'capturedAt'>, code: string | null): string {
  const at = snapshot.capturedAt.replace(/\.\d+/, '').replace(/:/g, '-');
  return `sightline-snapshot-${at}${code ? `-${code}` : ''}`;
}

/** A data: URL (MV3 service workers have no URL.createObjectURL) or a blob: URL where there is one. */
export function fileUrl(text: string, type: string): string {
  if (typeof URL.createObjectURL === 'function') return URL.createObjectURL(new Blob([text], { type }));
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${type};charset=utf-8;base64,${btoa(binary)}`;
}
