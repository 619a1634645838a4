import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/limits';
import { QUEUE_LIMITS, toBody, toChunks, utf8Length } from './queue';

const envelope = {
  siteKey: 'sk_test',
  sentAt: 1,
  session: 's-123456789',
  page: { url: 'https://tool.example/x' },
};
const event = (i: number, pad = 0) => ({
  id: `ev-${String(i).padStart(6, '0')}`,
  t: 1,
  kind: 'custom',
  name: 'x'.repeat(pad) || 'n',
});
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts events into request bodies as the sender builds them, checking each chunk's byte count; and how many fit none. */
function bodies(events: object[], limits = QUEUE_LIMITS): [string[], number] {
  const [chunks, tooBig] = toChunks(
    events.map((e) => JSON.stringify(e)),
    envelope,
    limits,
  );
  const out = chunks.map((chunk) => {
    const body = toBody(envelope, chunk.v, envelope.sentAt);
    expect(chunk.s).toBe(bytes(body));
    expect(chunk.n).toBe(JSON.parse(body).events.length);
    return body;
  });
  return [out, tooBig];
}
const drain = (events: object[], limits?: typeof QUEUE_LIMITS) => bodies(events, limits)[0];

function ids(out: string[]): string[] {
  return out.flatMap((b) => (JSON.parse(b) as { events: { id: string }[] }).events.map((e) => e.id));
}

describe('utf8Length', () => {
  it('matches Buffer.byteLength for ASCII, accents, CJK and emoji', () => {
    for (const s of ['', 'abc', 'héllo', '課程', '🎓 grade', JSON.stringify({ m: 'ü\u2028😀' })]) {
      expect(utf8Length(s)).toBe(bytes(s));
    }
  });
});

describe('toChunks', () => {
  it('returns no body when empty', () => {
    expect(drain([])).toEqual([]);
  });

  it('wraps events in the envelope, events last, as valid JSON', () => {
    const [body] = drain([event(1)]);
    expect(JSON.parse(body!)).toEqual({ ...envelope, events: [event(1)] });
  });

  it(`splits by count: at most ${LIMITS.maxEventsPerBatch} events per body`, () => {
    const all = Array.from({ length: 1_201 }, (_, i) => event(i));
    expect(drain(all).map((b) => JSON.parse(b).events.length)).toEqual([500, 500, 201]);
  });

  it('splits by bytes: every body under 60,000 bytes, none lost, order kept', () => {
    // Multi-byte names make character and byte counts differ.
    const all = Array.from({ length: 400 }, (_, i) => ({
      ...event(i),
      name: 'é'.repeat(100 + (i % 7) * 30),
    }));
    const out = drain(all);
    expect(out.length).toBeGreaterThan(1);
    for (const body of out) expect(bytes(body)).toBeLessThan(60_000);
    expect(ids(out)).toEqual(Array.from({ length: 400 }, (_, i) => event(i).id));
  });

  it('fills a body up to the byte limit before starting the next', () => {
    const out = drain(
      Array.from({ length: 30 }, (_, i) => event(i, 50)),
      { ...QUEUE_LIMITS, maxBodyBytes: 1_000 },
    );
    const size = bytes(JSON.stringify(event(0, 50))) + 1;
    for (const body of out.slice(0, -1)) expect(bytes(body) + size).toBeGreaterThanOrEqual(1_000);
    for (const body of out) expect(bytes(body)).toBeLessThan(1_000);
    expect(ids(out)).toHaveLength(30);
  });

  it('drops only an event too big for any body, keeping its neighbours, and counts it', () => {
    const [out, tooBig] = bodies([event(1), event(2, 2_000), event(3)], {
      ...QUEUE_LIMITS,
      maxBodyBytes: 1_000,
    });
    expect(ids(out)).toEqual([event(1).id, event(3).id]);
    expect(tooBig).toBe(1);
  });
});

describe('toBody', () => {
  it('puts the send time in the stored envelope, so a replayed batch says when it was really sent', () => {
    const body = toBody({ ...envelope, sentAt: 1 }, '[{"id":"a"}]', 1_700_000_000_000);
    expect(JSON.parse(body)).toEqual({ ...envelope, sentAt: 1_700_000_000_000, events: [{ id: 'a' }] });
  });
});
