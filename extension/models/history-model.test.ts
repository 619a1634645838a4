// The history page's state: picking two snapshots compares the older (before) with the
// newer (after); delete, upload now and copy report what happened.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSnapshotStore } from '../lib/snapshot-store';
import { snapshotAt } from '../lib/test-snapshots';
import { createHistoryModel } from './history-model';

async function setup() {
  const store = createSnapshotStore(`history-${Math.random()}`);
  const older = await store.add({
    snapshot: snapshotAt('2026-12-01T10:00:00.000Z'),
    code: 'SL-0001-AA',
    upload: 'uploaded',
  });
  const mid = await store.add({
    snapshot: snapshotAt('2026-12-02T10:00:00.000Z'),
    code: null,
    upload: 'pending',
  });
  const newer = await store.add({
    snapshot: snapshotAt('2026-12-03T10:00:00.000Z', {
      frames: [{ ...snapshotAt('x').frames[0]!, vitals: [{ name: 'LCP', value: 5000, rating: 'poor' }] }],
    }),
    code: 'SL-0003-AA',
    upload: 'uploaded',
  });
  const copied: string[] = [];
  const model = createHistoryModel({
    list: () => store.list(),
    remove: (id) => store.remove(id),
    flush: async () => ({ uploaded: 0, pending: 1, error: 'cannot reach https://s.example' }),
    copy: async (t) => void copied.push(t),
    serverUrl: async () => 'https://s.example',
  });
  await model.reload();
  return { store, model, older, mid, newer, copied };
}

describe('the history model', () => {
  it('compares the two picked snapshots, older as before, whichever order they were picked in', async () => {
    const { model, older, mid, newer } = await setup();
    expect(model.records.value.map((r) => r.id)).toEqual([newer.id, mid.id, older.id]);
    expect(model.queued.value).toBe(1);
    model.toggle(newer.id);
    expect(model.comparison.value).toBeNull();
    model.toggle(mid.id);
    model.toggle(older.id); // a third pick drops the first (newer)
    expect(model.pair.value!.map((r) => r.id)).toEqual([older.id, mid.id]);
    model.toggle(newer.id);
    expect(model.pair.value!.map((r) => r.id)).toEqual([older.id, newer.id]);
    expect(model.comparison.value!.frames[0]!.rows[0]).toMatchObject({ label: 'LCP', change: 'worse' });
  });

  it('deletes, reports the queue, copies a ticket summary', async () => {
    const { model, newer, mid, copied } = await setup();
    model.toggle(newer.id);
    await model.remove(newer.id);
    expect(model.records.value.map((r) => r.id)).not.toContain(newer.id);
    expect(model.selected.value).toEqual([]);
    await model.uploadNow();
    expect(model.message.value).toBe('0 uploaded; 1 still waiting: cannot reach https://s.example');
    await model.copyForTicket(mid.id);
    expect(copied[0]).toMatch(/^Sightline snapshot \(no support code: waiting to upload\)/);
    expect(model.message.value).toBe('Copied for a ticket.');
  });
});
