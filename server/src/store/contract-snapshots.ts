// The Store contract for snapshots: run inside describeStoreContract against every adapter.
import { expect, it } from 'vitest';
import type { StoredSnapshot } from '../ports';
import type { Store } from '../ports';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

export const sampleSnapshot = (
  code: string,
  createdAt = NOW,
  screenshot: string | null = 'data:image/jpeg;base64,AAAA',
): StoredSnapshot => ({
  code,
  createdAt,
  createdBy: 'qa',
  snapshot: {
    capturedAt: new Date(createdAt).toISOString(),
    url: 'https://canvas.example/courses/1/modules',
    title: 'Modules',
    lms: { platform: 'canvas', toolFrame: false },
    frames: [
      {
        url: 'https://canvas.example/courses/1/modules',
        route: '/courses/:id/modules',
        title: 'Modules',
        platform: 'canvas',
        framed: false,
        vitals: [{ name: 'LCP', value: 1200, rating: 'good' }],
        errors: 0,
      },
    ],
    navigation: null,
    resources: [],
    errors: [],
    device: {
      userAgent: 'UA',
      viewport: { width: 1280, height: 800 },
      screen: { width: 1920, height: 1080 },
      devicePixelRatio: 1,
    },
  },
  screenshot,
});

export function snapshotsContract(getStore: () => Store) {
  it('snapshots: stores one per code, lists newest first without screenshots, reads one back', async () => {
    const store = getStore();
    expect(await store.putSnapshot(sampleSnapshot('SL-AAAA-01'))).toBe(true);
    expect(await store.putSnapshot(sampleSnapshot('SL-AAAA-01', NOW + 5))).toBe(false); // code taken
    expect(await store.putSnapshot(sampleSnapshot('SL-BBBB-02', NOW + 10, null))).toBe(true);
    const list = await store.listSnapshots({ limit: 10 });
    expect(list.map((s) => [s.code, s.hasScreenshot, s.platform, s.createdBy])).toEqual([
      ['SL-BBBB-02', false, 'canvas', 'qa'],
      ['SL-AAAA-01', true, 'canvas', 'qa'],
    ]);
    expect(list[1]).toEqual({
      code: 'SL-AAAA-01',
      createdAt: NOW,
      createdBy: 'qa',
      capturedAt: new Date(NOW).toISOString(),
      url: 'https://canvas.example/courses/1/modules',
      title: 'Modules',
      platform: 'canvas',
      hasScreenshot: true,
    });
    expect((await store.listSnapshots({ limit: 1 })).map((s) => s.code)).toEqual(['SL-BBBB-02']);
    expect((await store.listSnapshots({ limit: 10, before: NOW + 10 })).map((s) => s.code)).toEqual([
      'SL-AAAA-01',
    ]);
    expect(await store.getSnapshot('SL-AAAA-01')).toEqual(sampleSnapshot('SL-AAAA-01'));
    expect(await store.getSnapshot('SL-ZZZZ-99')).toBeNull();
  });

  it('snapshots: keeps a screenshot of close to 2 MB', async () => {
    const store = getStore();
    const big = `data:image/jpeg;base64,${'A'.repeat(1_800_000)}`;
    expect(await store.putSnapshot(sampleSnapshot('SL-CCCC-03', NOW, big))).toBe(true);
    expect((await store.getSnapshot('SL-CCCC-03'))?.screenshot).toHaveLength(big.length);
  });
}
