import { describe, expect, it } from 'vitest';
import { ServerBatchSchema, ServerEventSchema } from './server-protocol';

const t = Date.UTC(2026, 10, 27);
const valid = {
  request: {
    kind: 'request',
    id: 'req12345',
    t,
    method: 'GET',
    route: '/api/courses/:id',
    status: 200,
    duration: 41.5,
    responseBytes: 1830,
    country: 'NZ',
    colo: 'AKL',
  },
  failedRequest: {
    kind: 'request',
    id: 'req12346',
    t,
    method: 'POST',
    route: '/lti/launch',
    status: 500,
    duration: 12,
    error: 'TypeError: x is undefined',
  },
  db: {
    kind: 'db',
    id: 'db-12345',
    t,
    op: 'SELECT',
    template: 'SELECT * FROM courses WHERE id = ?',
    duration: 3.2,
    ok: true,
    slow: false,
  },
  dbError: {
    kind: 'db',
    id: 'db-12346',
    t,
    op: 'INSERT',
    template: 'INSERT INTO grades (a, b) VALUES (?, ?)',
    duration: 1200,
    ok: false,
    errorKind: 'timeout',
    slow: true,
  },
  launch: {
    kind: 'lti',
    id: 'lti12345',
    t,
    action: 'launch',
    ok: true,
    duration: 230,
    platform: 'canvas.instructure.com',
    contextType: 'CourseOffering',
    role: 'learner',
  },
  deepLink: {
    kind: 'lti',
    id: 'lti12346',
    t,
    action: 'deep_link',
    ok: true,
    platform: 'moodle.example.edu',
    stage: 'created',
  },
  grade: {
    kind: 'lti',
    id: 'lti12347',
    t,
    action: 'grade',
    ok: false,
    duration: 900,
    platform: 'canvas.instructure.com',
    errorKind: 'rate_limited',
  },
  feature: {
    kind: 'feature',
    id: 'ft-12345',
    t,
    name: 'faq_query',
    duration: 85,
    hit: true,
    props: { source: 'kb', tokens: 120, cached: false },
  },
  custom: { kind: 'feature', id: 'ft-12346', t, name: 'flashcards_reviewed' },
  log: {
    kind: 'log',
    id: 'log12345',
    t,
    level: 'error',
    message: 'Failed to process video',
    context: { requestId: 'r-1', videoId: 'vid789', retry: 2, user: null },
  },
  dropped: { kind: 'dropped', id: 'drp12345', t, counts: { overflow: 40, rejected: 2 } },
};

describe('ServerEventSchema', () => {
  it.each(Object.entries(valid))('accepts a %s event', (_, event) => {
    expect(ServerEventSchema.parse(event)).toEqual(event);
  });

  it.each([
    ['an unknown kind', { ...valid.request, kind: 'trace' }, ['kind']],
    ['a short id', { ...valid.request, id: 'r1' }, ['id']],
    ['an id with a slash', { ...valid.request, id: 'abc/12345' }, ['id']],
    ['a time in seconds as a string', { ...valid.request, t: '1795737600' }, ['t']],
    ['a lower-case method', { ...valid.request, method: 'get' }, ['method']],
    ['an empty route', { ...valid.request, route: '' }, ['route']],
    ['a status of 99', { ...valid.request, status: 99 }, ['status']],
    ['a negative duration', { ...valid.request, duration: -1 }, ['duration']],
    ['a duration over an hour', { ...valid.db, duration: 3_600_001 }, ['duration']],
    ['a country name', { ...valid.request, country: 'New Zealand' }, ['country']],
    ['a huge error message', { ...valid.failedRequest, error: 'x'.repeat(1025) }, ['error']],
    ['an unknown query type', { ...valid.db, op: 'MERGE' }, ['op']],
    ['an empty template', { ...valid.db, template: '' }, ['template']],
    ['a missing slow flag', { ...valid.db, slow: undefined }, ['slow']],
    ['an unknown db error kind', { ...valid.dbError, errorKind: 'deadlock' }, ['errorKind']],
    ['an unknown LTI action', { ...valid.launch, action: 'submission_review' }, ['action']],
    ['a login without its launch key', { ...valid.launch, action: 'login' }, ['launch']],
    ['a launch key that is not a hash', { ...valid.launch, launch: 'state-3f9c1e' }, ['launch']],
    ['a placement on a grade post', { ...valid.launch, action: 'grade', placement: 'x' }, ['placement']],
    ['a placement with spaces', { ...valid.launch, placement: 'course navigation' }, ['placement']],
    [
      'an issuer URL instead of its host',
      { ...valid.launch, platform: 'https://canvas.instructure.com' },
      ['platform'],
    ],
    [
      'a raw role URI',
      { ...valid.launch, role: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner' },
      ['role'],
    ],
    ['a deep link without a stage', { ...valid.deepLink, stage: undefined }, ['stage']],
    ['a stage on a launch', { ...valid.launch, stage: 'used' }, ['stage']],
    ['an error kind on a successful grade post', { ...valid.grade, ok: true }, ['errorKind']],
    ['an error kind on a launch', { ...valid.launch, ok: false, errorKind: 'auth' }, ['errorKind']],
    ['a feature name over 64 characters', { ...valid.custom, name: 'f'.repeat(65) }, ['name']],
    [
      'too many feature props',
      { ...valid.feature, props: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`p${i}`, i])) },
      ['props'],
    ],
    ['a nested feature prop', { ...valid.feature, props: { a: { b: 1 } } }, ['props', 'a']],
    ['an unknown log level', { ...valid.log, level: 'fatal' }, ['level']],
    ['a nested log context', { ...valid.log, context: { user: { id: 1 } } }, ['context', 'user']],
    ['an unknown drop reason', { ...valid.dropped, counts: { lost: 1 } }, ['counts']],
  ])('rejects %s, naming the field', (_, event, path) => {
    const result = ServerEventSchema.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(path);
  });
});

describe('ServerBatchSchema', () => {
  const batch = { sentAt: t, service: 'atomic-guide', environment: 'production', events: [valid.request] };

  it('accepts a batch, with or without service and environment', () => {
    expect(ServerBatchSchema.parse(batch)).toEqual(batch);
    expect(ServerBatchSchema.parse({ sentAt: t, events: [valid.log] }).service).toBeUndefined();
  });

  it.each([
    ['no events', { ...batch, events: [] }, 'events'],
    ['too many events', { ...batch, events: Array(501).fill(valid.request) }, 'events'],
    ['no sentAt', { ...batch, sentAt: undefined }, 'sentAt'],
    ['an empty service name', { ...batch, service: '' }, 'service'],
    ['an environment over 64 characters', { ...batch, environment: 'e'.repeat(65) }, 'environment'],
  ])('rejects %s', (_, input, field) => {
    const result = ServerBatchSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path[0]).toBe(field);
  });
});
