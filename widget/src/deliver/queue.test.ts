import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { createQueue, QUEUE_LIMITS, toBody, utf8Length, type Queue } from './queue';

const envelope = { siteKey: 'sk_test', sentAt: 1, session: 's-123456789', page: { url: 'https://tool.example/x' } };
const event = (i: number, pad = 0) => ({ id: `ev-${String(i).padStart(6, '0')}`, t: 1, kind: 'custom', name: 'x'.repeat(pad) || 'n' });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Drains into request bodies as the sender builds them, checking each chunk's byte count. */
function drain(q: Queue): string[] {
  return q.drain(envelope).map((chunk) => {
    const body = toBody(envelope, chunk.v, envelope.sentAt);
    expect(chunk.s).toBe(bytes(body));
    expect(chunk.n).toBe(JSON.parse(body).events.length);
    return body;
  });
}

function ids(bodies: string[]): string[] {
  return bodies.flatMap((b) => (JSON.parse(b) as { events: { id: string }[] }).events.map((e) => e.id));
}

describe('utf8Length', () => {
  it('matches Buffer.byteLength for ASCII, accents, CJK and emoji', () => {
    for (const s of ['', 'abc', 'héllo', '課程', '🎓 grade', JSON.stringify({ m: 'ü\u2028😀' })]) {
      expect(utf8Length(s)).toBe(bytes(s));
    }
  });
});

describe('createQueue', () => {
  it('returns no body when empty', () => {
    expect(drain(createQueue())).toEqual([]);
  });

  it('wraps events in the envelope, events last, as valid JSON', () => {
    const q = createQueue();
    q.push(event(1));
    const [body] = drain(q);
    expect(JSON.parse(body!)).toEqual({ ...envelope, events: [event(1)] });
    expect(drain(q)).toEqual([]);
  });

  it(`splits by count: at most ${LIMITS.maxEventsPerBatch} events per body`, () => {
    const q = createQueue({ ...QUEUE_LIMITS, maxPending: 10_000 });
    for (let i = 0; i < 1_201; i++) q.push(event(i));
    const bodies = drain(q);
    expect(bodies.map((b) => JSON.parse(b).events.length)).toEqual([500, 500, 201]);
  });

  it('splits by bytes: every body under 60,000 bytes, none lost, order kept', () => {
    const q = createQueue({ ...QUEUE_LIMITS, maxPending: 10_000 });
    // Multi-byte names make character and byte counts differ.
    for (let i = 0; i < 400; i++) q.push({ ...event(i), name: 'é'.repeat(100 + (i % 7) * 30) });
    const bodies = drain(q);
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(bytes(body)).toBeLessThan(60_000);
    expect(ids(bodies)).toEqual(Array.from({ length: 400 }, (_, i) => event(i).id));
  });

  it('fills a body up to the byte limit before starting the next', () => {
    const q = createQueue({ ...QUEUE_LIMITS, maxBodyBytes: 1_000 });
    for (let i = 0; i < 30; i++) q.push(event(i, 50));
    const bodies = drain(q);
    const size = bytes(JSON.stringify(event(0, 50))) + 1;
    for (const body of bodies.slice(0, -1)) expect(bytes(body) + size).toBeGreaterThanOrEqual(1_000);
    for (const body of bodies) expect(bytes(body)).toBeLessThan(1_000);
    expect(ids(bodies)).toHaveLength(30);
  });

  it('drops only an event too big for any body, keeping its neighbours', () => {
    const q = createQueue({ ...QUEUE_LIMITS, maxBodyBytes: 1_000 });
    q.push(event(1));
    q.push(event(2, 2_000));
    q.push(event(3));
    expect(ids(drain(q))).toEqual([event(1).id, event(3).id]);
    expect(q.lost()).toBe(1);
    expect(q.lost()).toBe(0);
  });

  it('refuses events beyond maxPending and unserialisable ones', () => {
    const q = createQueue({ ...QUEUE_LIMITS, maxPending: 2 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(q.push(cyclic)).toBe(false);
    expect([q.push(event(1)), q.push(event(2)), q.push(event(3))]).toEqual([true, true, false]);
    expect(ids(drain(q))).toEqual([event(1).id, event(2).id]);
    expect(q.lost()).toBe(2);
  });

  it('sends what was queued, not later changes to the event object', () => {
    const q = createQueue();
    const e = event(1);
    q.push(e);
    e.name = 'changed';
    expect(JSON.parse(drain(q)[0]!).events[0].name).toBe('n');
  });
});

describe('toBody', () => {
  it('puts the send time in the stored envelope, so a replayed batch says when it was really sent', () => {
    const body = toBody({ ...envelope, sentAt: 1 }, '[{"id":"a"}]', 1_700_000_000_000);
    expect(JSON.parse(body)).toEqual({ ...envelope, sentAt: 1_700_000_000_000, events: [{ id: 'a' }] });
  });
});
