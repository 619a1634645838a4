import { describe, expect, it } from 'vitest';
import { BatchSchema, EventSchema } from './protocol';

const t = Date.UTC(2026, 10, 27);
const valid = {
  vital: {
    kind: 'vital',
    id: 'abc12345',
    t,
    name: 'INP',
    value: 120,
    rating: 'good',
    attribution: { target: 'button#save' },
  },
  navigation: {
    kind: 'navigation',
    id: 'abc12346',
    t,
    type: 'reload',
    dns: 0,
    tcp: 1,
    tls: 0,
    ttfb: 80,
    download: 4,
    dom: 30,
    load: 2,
  },
  error: { kind: 'error', id: 'abc12347', t, type: 'rejection', message: 'boom', stack: 'at x', count: 3 },
  pageview: { kind: 'pageview', id: 'abc12348', t, title: 'Quiz 1' },
  custom: { kind: 'custom', id: 'abc12349', t, name: 'chat_message_sent', props: { length: 42, ai: true } },
  resources: {
    kind: 'resources',
    id: 'abc12350',
    t,
    byType: { script: { count: 3, bytes: 90_000 } },
    slowest: [{ url: 'https://cdn.example/app.js', type: 'script', duration: 420, bytes: 80_000 }],
    failed: 1,
  },
  longtasks: {
    kind: 'longtasks',
    id: 'abc12351',
    t,
    count: 2,
    totalBlockingTime: 180,
    worstFrame: { duration: 160, blockingDuration: 110, script: 'https://tool.example/app.js:render' },
  },
  dropped: { kind: 'dropped', id: 'abc12352', t, counts: { overflow: 12, beforeSend: 1 } },
};

describe('EventSchema', () => {
  it.each(Object.entries(valid))('accepts a %s event', (_, event) => {
    expect(EventSchema.parse(event)).toEqual(event);
  });

  it.each([
    ['an unknown kind', { ...valid.vital, kind: 'fid' }, ['kind']],
    ['FID (removed from web-vitals v5)', { ...valid.vital, name: 'FID' }, ['name']],
    ['a negative value', { ...valid.vital, value: -1 }, ['value']],
    ['a string value', { ...valid.vital, value: '120' }, ['value']],
    ['an id with spaces', { ...valid.vital, id: 'a b c d e f g' }, ['id']],
    ['a short id', { ...valid.vital, id: 'abc' }, ['id']],
    ['a nested attribution', { ...valid.vital, attribution: { x: { y: 1 } } }, ['attribution', 'x']],
    ['an unknown navigation type', { ...valid.navigation, type: 'teleport' }, ['type']],
    ['a huge stack', { ...valid.error, stack: 'x'.repeat(9000) }, ['stack']],
    ['an unknown drop reason', { ...valid.dropped, counts: { lost: 1 } }, ['counts']],
    [
      'every resource instead of the slowest',
      { ...valid.resources, slowest: Array(11).fill(valid.resources.slowest[0]) },
      ['slowest'],
    ],
    [
      'too many custom props',
      { ...valid.custom, props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) },
      ['props'],
    ],
  ])('rejects %s, naming the field', (_, event, path) => {
    const result = EventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(path);
  });
});

describe('BatchSchema', () => {
  const batch = {
    siteKey: 'sk_x',
    sentAt: t,
    session: 's-1',
    page: { url: 'https://tool.example/a' },
    events: [valid.vital],
  };

  it('defaults the LMS context', () => {
    expect(BatchSchema.parse(batch).lms).toEqual({ platform: 'other', iframe: false });
  });

  it("keeps an LTI launch key, and drops one that is not (another server's Server-Timing) rather than the batch", () => {
    expect(BatchSchema.parse({ ...batch, launch: 'a1b2c3d4e5f60718' }).launch).toBe('a1b2c3d4e5f60718');
    const parsed = BatchSchema.parse({ ...batch, launch: 'cache;dur=2' });
    expect(parsed.launch).toBeUndefined();
    expect(parsed.events).toHaveLength(1);
  });

  it.each([
    ['no events', { ...batch, events: [] }, 'events'],
    ['too many events', { ...batch, events: Array(501).fill(valid.vital) }, 'events'],
    ['a page URL that is not one', { ...batch, page: { url: 'not a url' } }, 'page'],
    ['an unknown platform', { ...batch, lms: { platform: 'blackboard', iframe: false } }, 'lms'],
    ['no site key', { ...batch, siteKey: '' }, 'siteKey'],
  ])('rejects %s', (_, input, field) => {
    const result = BatchSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path[0]).toBe(field);
  });
});
