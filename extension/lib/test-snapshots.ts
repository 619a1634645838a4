// Snapshots for unit tests: one Canvas page, changed where a test needs it.
import type { SnapshotInput } from '../../shared/snapshot';

export function snapshotAt(capturedAt: string, patch: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    capturedAt,
    url: 'https://canvas.example/courses/1',
    title: 'Course 1',
    lms: { platform: 'canvas', toolFrame: false },
    frames: [
      {
        url: 'https://canvas.example/courses/1',
        route: '/courses/:id',
        title: 'Course 1',
        platform: 'canvas',
        framed: false,
        errors: 0,
        vitals: [{ name: 'LCP', value: 1200, rating: 'good' }],
      },
    ],
    navigation: null,
    resources: [],
    errors: [],
    device: {
      userAgent: 'test',
      viewport: { width: 1280, height: 800 },
      screen: { width: 1280, height: 800 },
      devicePixelRatio: 1,
    },
    ...patch,
  };
}
