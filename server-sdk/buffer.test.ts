import { describe, expect, it } from 'vitest';
import { createEventBuffer, MAX_BODY_BYTES, toBatches, utf8Length } from './buffer';

describe('createEventBuffer', () => {
  it('drops the oldest beyond its capacity and says how many', () => {
    const buffer = createEventBuffer<number>(3);
    expect([1, 2, 3].map((n) => buffer.push(n))).toEqual([0, 0, 0]);
    expect(buffer.push(4)).toBe(1);
    expect(buffer.take()).toEqual([2, 3, 4]);
    expect(buffer.size()).toBe(0);
  });
});

describe('toBatches', () => {
  const envelope = { sentAt: 1, service: 'tool' };

  it('cuts at the event cap and keeps the envelope in every body', () => {
    const { batches, skipped } = toBatches(
      envelope,
      Array.from({ length: 1_101 }, (_, i) => ({ i })),
    );
    expect(batches.map((b) => b.events.length)).toEqual([500, 500, 101]);
    expect(skipped).toBe(0);
    for (const b of batches) expect(JSON.parse(b.body)).toEqual({ ...envelope, events: b.events });
  });

  it('keeps every body under the byte limit, counting UTF-8 bytes', () => {
    const events = Array.from({ length: 60 }, (_, i) => ({ i, text: 'é'.repeat(1_000) }));
    const { batches } = toBatches(envelope, events);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(utf8Length(b.body)).toBeLessThan(MAX_BODY_BYTES);
    expect(batches.flatMap((b) => b.events)).toEqual(events);
  });

  it('leaves out what cannot be sent: a cycle, or an event too big alone', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const { batches, skipped } = toBatches(envelope, [
      { ok: 1 },
      cyclic,
      { big: 'x'.repeat(MAX_BODY_BYTES) },
      { ok: 2 },
    ]);
    expect(skipped).toBe(2);
    expect(batches.flatMap((b) => b.events)).toEqual([{ ok: 1 }, { ok: 2 }]);
  });
});
