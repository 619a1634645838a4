// The snapshot store and its upload queue over a real IndexedDB implementation
// (fake-indexeddb): newest first, deleted for good, queued while the server is down,
// uploaded once when it is back, never retried when the server refused it for good.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SnapshotInput } from '../../shared/snapshot';
import { ServerError } from './server-client';
import { createSnapshotStore } from './snapshot-store';
import { snapshotAt } from './test-snapshots';
import { classifyUploadError, createUploadQueue } from './upload-queue';

let dbs = 0;
const freshStore = () => createSnapshotStore(`test-${++dbs}`);

/** A server that can be down; it stores what it accepts and counts the POSTs. */
function fakeServer() {
  const server = { up: false, stored: [] as SnapshotInput[], posts: 0, refuse: false };
  const upload = async (s: SnapshotInput) => {
    server.posts++;
    if (!server.up) throw new ServerError('unreachable', 'cannot reach https://s.example (Failed to fetch)');
    if (server.refuse) throw new ServerError('http', '/v1/snapshots answered 400: frames: too many', 400);
    server.stored.push(s);
    return { code: `SL-000${server.stored.length}-AA` };
  };
  return { server, upload };
}

describe('the snapshot store', () => {
  it('lists newest first and forgets a deleted snapshot', async () => {
    const store = freshStore();
    const a = await store.add({
      snapshot: snapshotAt('2026-12-01T10:00:00.000Z'),
      code: null,
      upload: 'local',
    });
    const b = await store.add({
      snapshot: snapshotAt('2026-12-03T10:00:00.000Z'),
      code: null,
      upload: 'local',
    });
    const c = await store.add({
      snapshot: snapshotAt('2026-12-02T10:00:00.000Z'),
      code: null,
      upload: 'local',
    });
    expect((await store.list()).map((r) => r.id)).toEqual([b.id, c.id, a.id]);
    await store.remove(c.id);
    expect((await store.list()).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(await store.get(c.id)).toBeUndefined();
    // Still there for another page (a second connection to the same database).
    expect((await createSnapshotStore(`test-${dbs}`).list()).length).toBe(2);
  });
});

describe('the upload queue', () => {
  it('keeps a snapshot while the server is down and uploads it once when it is back', async () => {
    const store = freshStore();
    const { server, upload } = fakeServer();
    const queue = createUploadQueue({ store, upload, classify: classifyUploadError });
    const kept = await store.add({
      snapshot: snapshotAt('2026-12-01T10:00:00.000Z'),
      code: null,
      upload: 'pending',
    });

    const down = await queue.flush();
    expect(down).toMatchObject({ uploaded: 0, pending: 1, error: expect.stringContaining('cannot reach') });
    expect(await store.get(kept.id)).toMatchObject({ upload: 'pending', attempts: 1, code: null });

    server.up = true;
    // Three flushes at once (capture, alarm, the history page's button): one upload.
    const results = await Promise.all([queue.flush(), queue.flush(), queue.flush()]);
    expect(results.map((r) => r.uploaded)).toEqual([1, 0, 0]);
    expect(server.stored).toHaveLength(1);
    expect(await store.get(kept.id)).toMatchObject({
      upload: 'uploaded',
      code: 'SL-0001-AA',
      uploadError: null,
    });
    await queue.flush();
    expect(server.stored).toHaveLength(1);
  });

  it('sends the queue oldest first and stops at the first unreachable answer', async () => {
    const store = freshStore();
    const { server, upload } = fakeServer();
    const queue = createUploadQueue({ store, upload, classify: classifyUploadError });
    for (const day of ['03', '01', '02'])
      await store.add({
        snapshot: snapshotAt(`2026-12-${day}T10:00:00.000Z`),
        code: null,
        upload: 'pending',
      });
    await queue.flush();
    expect(server.posts).toBe(1);
    server.up = true;
    await queue.flush();
    expect(server.stored.map((s) => s.capturedAt.slice(8, 10))).toEqual(['01', '02', '03']);
  });

  it('marks a snapshot the server refused for good as rejected, and goes on with the next', async () => {
    const store = freshStore();
    const { server, upload } = fakeServer();
    server.up = true;
    server.refuse = true;
    const queue = createUploadQueue({ store, upload, classify: classifyUploadError });
    const bad = await store.add({
      snapshot: snapshotAt('2026-12-01T10:00:00.000Z'),
      code: null,
      upload: 'pending',
    });
    const local = await store.add({
      snapshot: snapshotAt('2026-12-02T10:00:00.000Z'),
      code: null,
      upload: 'local',
    });
    expect(await queue.flush()).toEqual({ uploaded: 0, pending: 0, error: null });
    expect(await store.get(bad.id)).toMatchObject({
      upload: 'rejected',
      uploadError: '/v1/snapshots answered 400: frames: too many',
    });
    // Taken without a server: not queued.
    expect(await store.get(local.id)).toMatchObject({ upload: 'local' });
    expect(server.posts).toBe(1);
  });
});
